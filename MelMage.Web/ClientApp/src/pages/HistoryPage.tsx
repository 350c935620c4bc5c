import { ModelCards } from "../components/ModelCards";
import { OperatorTools } from "../components/OperatorTools";
import { RecentJobs } from "../components/RecentJobs";
import { TrainingRuns } from "../components/TrainingRuns";

export function HistoryPage() {
  return (
    <section className="page">
      <h1>History & models</h1>
      <RecentJobs />
      <ModelCards />
      <TrainingRuns />
      <OperatorTools />
    </section>
  );
}
