package org.mbpo.cli;

import org.mbpo.env.mujoco.MujocoUnavailableException;
import picocli.CommandLine;

import java.io.UncheckedIOException;
import picocli.CommandLine.Command;

/**
 * The command line: {@code ./mbpo SUBCOMMAND ...}. Every subcommand has {@code --help}.
 *
 * <p>Exit status: 0 success; 1 a check or run failed (or a bug: a stack trace, then a line saying so); 2 bad
 * input, a missing file, library or scheduler, an unwritable place or a refused checkpoint (one line on standard
 * error saying what is wrong and what to do); 130 and 143 stopped by SIGINT or SIGTERM, 75 stopped by SIGUSR1 where
 * the run can be resumed (with one line saying what was kept and how to resume).
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
        Signals.install();
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

    /**
     * A {@link UserError}, a missing MuJoCo library or a failed read or write (a full disk, a file removed under a
     * run) become one line and status 2; anything else is a bug: its stack trace, then a line saying so, status 1.
     */
    private static int failure(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        String expected = expectedFailure(e);
        if (expected != null) {
            cmd.getErr().println("mbpo: " + expected);
            return 2;
        }
        e.printStackTrace(new java.io.PrintWriter(cmd.getErr(), true));
        cmd.getErr().println("mbpo: this is a bug (" + e.getClass().getName() + " above); please report it with the command and the trace");
        return 1;
    }

    /** The one line for a failure the user can fix, or null for a bug. */
    static String expectedFailure(Throwable e) {
        if (e instanceof UserError || e instanceof MujocoUnavailableException) {
            return e.getMessage();
        }
        if (e instanceof UncheckedIOException io) {
            return io.getMessage() + (io.getCause() != null && !io.getMessage().contains(OutDirectory.reason(io.getCause()))
                    ? " (" + OutDirectory.reason(io.getCause()) + ")" : "") + "; check that the place exists, is writable and has space";
        }
        if (e instanceof java.io.IOException io) {
            return "cannot read or write " + (io instanceof java.nio.file.FileSystemException f && f.getFile() != null ? f.getFile() + " ("
                    + OutDirectory.reason(io) + ")" : OutDirectory.reason(io)) + "; check that the place exists, is writable and has space";
        }
        return null;
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
