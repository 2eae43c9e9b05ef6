using ReRanker.Trainer.Cli;

return await TrainerCli.RunAsync(args, Console.Out, Console.Error).ConfigureAwait(false);
