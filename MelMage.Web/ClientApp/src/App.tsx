import { Link, usePath } from "./router";
import { BatchesPage } from "./pages/BatchesPage";
import { ClassifyPage } from "./pages/ClassifyPage";
import { HistoryPage } from "./pages/HistoryPage";
import { JobPage } from "./pages/JobPage";
import { ModelsPage } from "./pages/ModelsPage";

const tabs = [
  { to: "/", label: "Classify" },
  { to: "/batches", label: "Batches" },
  { to: "/models", label: "Models" },
  { to: "/history", label: "History & models" },
];

function page(path: string) {
  const job = /^\/jobs\/([^/]+)$/.exec(path);
  if (job) return <JobPage jobId={decodeURIComponent(job[1])} />;
  const batch = /^\/batches(?:\/([^/]+))?$/.exec(path);
  if (batch) return <BatchesPage batchId={batch[1] ? decodeURIComponent(batch[1]) : null} />;
  if (path === "/history") return <HistoryPage />;
  if (path === "/models") return <ModelsPage />;
  return <ClassifyPage />;
}

export function App() {
  const path = usePath();
  const active = (to: string) => (to === "/" ? path === "/" || path.startsWith("/jobs") : path.startsWith(to));
  return (
    <>
      <header className="top">
        <Link to="/" className="brand">
          🎧 MelMage
        </Link>
        <nav>
          {tabs.map((t) => (
            <Link key={t.to} to={t.to} className={active(t.to) ? "tab active" : "tab"}>
              {t.label}
            </Link>
          ))}
        </nav>
      </header>
      <main>{page(path)}</main>
    </>
  );
}
