// How the files in this folder were made, kept for the record: run once, at commit 5c6cb54 (before the
// substrate refactor of issue 13), from the compiled classes so that every file says "development build"
// as the tests do:
//
//   mvn -B -q -o test-compile
//   OPENBLAS_CORETYPE=Haswell java -Djava.awt.headless=true --add-modules jdk.incubator.vector \
//       -cp target/classes:target/test-classes:target/mbpo.jar src/test/resources/golden/RecordGolden.java OUT
//
// It uses that commit's API, so it does not compile against later code; GoldenFilesTest checks today's
// code against what it wrote.
import org.mbpo.algorithm.Mbpo;
import org.mbpo.algorithm.MbpoRun;
import org.mbpo.algorithm.MbpoRunDirectory;
import org.mbpo.cli.Main;
import org.mbpo.env.Envs;
import org.mbpo.model.EnsembleConfig;
import org.mbpo.model.EnsembleModel;
import org.mbpo.model.EnsembleTrainer;
import org.mbpo.model.LayerDecays;
import org.mbpo.model.TransitionBatch;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

public class RecordGolden {
    static final String[] MBPO = {"train", "--env", "Pendulum-v1", "--steps", "1000", "--seed", "7", "--threads", "1",
            "--set", "sac.hidden_width=32", "--set", "sac.batch_size=64", "--set", "model_hidden=24",
            "--set", "model.max_epochs=5", "--set", "rollout_batch_size=400", "--set", "rollout_schedule=0,2,1,3",
            "--set", "agent_updates_per_step=5", "--set", "eval_episodes=3"};
    static final String[] SAC = {"train", "--algo", "sac", "--env", "Pendulum-v1", "--steps", "1200", "--seed", "3",
            "--eval-every", "400", "--threads", "1", "--set", "learning_starts=400", "--set", "hidden_width=32",
            "--set", "batch_size=64", "--set", "eval_episodes=3"};

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        Files.createDirectories(out);
        // MBPO, small, three epochs (k = 1, 2, 3), through the command line.
        run(MBPO, out.resolve("mbpo-small"));
        // The same run stopped after two epochs: its checkpoint is the one a later version must resume.
        MbpoRunDirectory.Config config = MbpoRunDirectory.readConfig(out.resolve("mbpo-small"));
        try (MbpoRun run = MbpoRun.start(config.settings(), config.seed(), () -> Envs.make("Pendulum-v1"),
                Envs.modelFunctions("Pendulum-v1"), 1);
             MbpoRunDirectory dir = MbpoRunDirectory.create(out.resolve("mbpo-small-epoch2"), run, 1, Map.of())) {
            Mbpo.train(run, dir, null, 2);
        }
        // SAC, small, through the command line.
        run(SAC, out.resolve("sac-small"));
        // A model file: a seeded trainer, trained twice (the second continues the first), on synthetic data.
        EnsembleConfig c = new EnsembleConfig(4, 3, 3, 20, new LayerDecays(new double[] {1e-4, 2e-4, 3e-4, 4e-4}), 1e-3,
                0.9, 0.999, 1e-8, 32, 0.2, 5000, 0.01, 5, 8, 0, 0.5, -10, 0.01);
        EnsembleTrainer trainer = new EnsembleTrainer(c, 3, 2, 5, 1);
        trainer.train(smooth(300, 11));
        EnsembleModel model = trainer.train(smooth(500, 12));
        model.save(out.resolve("model.bin"));
    }

    static void run(String[] args, Path dir) {
        String[] withOut = java.util.Arrays.copyOf(args, args.length + 2);
        withOut[args.length] = "--out";
        withOut[args.length + 1] = dir.toString();
        int status = Main.commandLine().execute(withOut);
        if (status != 0) {
            throw new IllegalStateException("exit " + status);
        }
    }

    static TransitionBatch smooth(int n, long seed) throws Exception {
        Method m = Class.forName("org.mbpo.model.TestData").getDeclaredMethod("smooth", int.class, int.class, int.class, long.class);
        m.setAccessible(true);
        return (TransitionBatch) m.invoke(null, n, 3, 2, seed);
    }
}
