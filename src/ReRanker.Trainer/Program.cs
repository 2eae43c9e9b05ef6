Console.WriteLine("reranker-train: not built yet");
return 1;
