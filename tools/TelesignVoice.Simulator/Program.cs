namespace TelesignVoice.SimulatorCli;

public static class Program
{
    public static Task<int> Main(string[] args) => SimulatorCommand.RunAsync(args, Console.Out, Console.Error);
}
