Console.WriteLine("MelMage.AppHost: the orchestrator is not written yet (issue 5).");
return 1;
