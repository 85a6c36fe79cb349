package org.mbpo.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The command line: {@code ./mbpo SUBCOMMAND ...}. Every subcommand has {@code --help}.
 *
 * <p>Exit status: 0 success, 1 a check or run failed, 2 bad input or a missing prerequisite
 * (with one line on standard error saying what to do).
 */
@Command(name = "mbpo",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Model-Based Policy Optimization (Janner et al., NeurIPS 2019): theory, algorithm, measurements.",
        subcommands = {
                TrainCommand.class,
                ExperimentCommand.class,
                SweepCommand.class,
                PlotCommand.class,
                MilestonesCommand.class,
                EnvsCommand.class,
                BoundsCommand.class,
                BenchCommand.class,
                NotebooksCommand.class,
                TestCommand.class,
                CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, shared by {@link #main} and the tests. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.setParameterExceptionHandler(Main::badArguments);
        cli.setExecutionExceptionHandler(Main::failure);
        return cli;
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /** Bad arguments: one line naming the problem and how to get help, status 2. */
    private static int badArguments(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        cmd.getErr().println("mbpo: " + e.getMessage() + " (see '" + cmd.getCommandSpec().qualifiedName() + " --help')");
        return 2;
    }

    /** A {@link UserError} becomes one line and status 2; anything else is a bug and keeps its stack trace. */
    private static int failure(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) throws Exception {
        if (e instanceof UserError user) {
            cmd.getErr().println("mbpo: " + user.getMessage());
            return 2;
        }
        throw e;
    }

    /** The project version, from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"mbpo " + (v == null ? "(development build)" : v)};
        }
    }
}
