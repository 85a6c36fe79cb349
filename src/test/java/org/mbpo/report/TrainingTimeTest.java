package org.mbpo.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link TrainingTime} on run directories written by hand. */
class TrainingTimeTest {
    @TempDir
    Path dir;

    @Test
    void theSumOfTheSegmentsWinsOverResultJson() throws IOException {
        Path run = Files.createDirectories(dir.resolve("resumed"));
        // A run resumed after its second segment before 2026-12-07: wall_s and trained_seconds lost that segment.
        Files.writeString(run.resolve("timing.csv"), "epoch,step,session,wall_s,epoch_s,checkpoint_s\n"
                + "1,100,1,10.5,10.5,0.5\n2,200,1,30.75,20.25,0.5\n3,300,2,40.5,30.0,0.5\n");
        Files.writeString(run.resolve("result.json"), "{\"status\": \"completed\", \"trained_seconds\": 40.5}");
        assertEquals(10.5 + 20.25 + 30.0, TrainingTime.seconds(run), 1e-12);
    }

    @Test
    void withoutTimingRowsResultJsonIsRead() throws IOException {
        Path mbpo = Files.createDirectories(dir.resolve("mbpo"));
        Files.writeString(mbpo.resolve("timing.csv"), "epoch,step,session,wall_s,epoch_s\n");
        Files.writeString(mbpo.resolve("result.json"), "{\"trained_seconds\": 12.25}");
        assertEquals(12.25, TrainingTime.seconds(mbpo));
        Path sac = Files.createDirectories(dir.resolve("sac"));
        Files.writeString(sac.resolve("result.json"), "{\"wall_seconds\": 7.5}");
        assertEquals(7.5, TrainingTime.seconds(sac), "SAC's older result.json");
        assertTrue(Double.isNaN(TrainingTime.seconds(Files.createDirectories(dir.resolve("empty")))));
    }

    @Test
    void aTimeThatIsNotANumberNamesTheRun() throws IOException {
        Path run = Files.createDirectories(dir.resolve("bad"));
        Files.writeString(run.resolve("timing.csv"), "epoch,step,session,wall_s,epoch_s\n1,100,1,1.0,x\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainingTime.seconds(run));
        assertTrue(e.getMessage().startsWith(run + ": cannot read its training time"), e.getMessage());
    }
}
