package org.mbpo.run;

import java.util.Locale;

/**
 * One row of a run's {@code timing.csv}, for every algorithm: where a segment's wall-clock time went (an MBPO
 * epoch; for SAC alone, the steps since the previous evaluation, with no model time). Kept apart from
 * {@code progress.csv} because wall time differs from run to run, while progress must not.
 *
 * @param epoch         the segment, from 1: MBPO's epoch, SAC's evaluation
 * @param step          real environment steps at its end
 * @param session       which process ran it: 1 for the first, 2 after the first resume, …
 * @param wallSeconds   seconds of training so far, summed over sessions (start-up and replays not counted)
 * @param epochSeconds  seconds of this epoch
 * @param envSeconds    in the real environment and the policy's actions for it (initial exploration included)
 * @param modelSeconds  training the model
 * @param rolloutSeconds branched rollouts in the model
 * @param agentSeconds  SAC updates, batch sampling included
 * @param evalSeconds   evaluation episodes
 * @param checkpointSeconds writing the checkpoint
 * @param agentUpdates  SAC updates in this epoch (to turn {@code agentSeconds} into ms per update)
 * @param modelSteps    the model's gradient steps in this epoch, over all its trainings (each a batch per member)
 * @param rolloutTransitions model transitions the rollouts added in this epoch
 */
public record TimingRow(int epoch, long step, int session, double wallSeconds, double epochSeconds, double envSeconds,
                        double modelSeconds, double rolloutSeconds, double agentSeconds, double evalSeconds,
                        double checkpointSeconds, long agentUpdates, long modelSteps, long rolloutTransitions) {

    /** The CSV header, in field order. */
    public static final String HEADER = "epoch,step,session,wall_s,epoch_s,env_s,model_train_s,rollout_s,agent_s,eval_s,"
            + "checkpoint_s,agent_updates,model_steps,rollout_transitions";

    /** This row as CSV, times in milliseconds' precision. */
    public String csv() {
        return String.format(Locale.ROOT, "%d,%d,%d,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%d,%d,%d", epoch, step, session,
                wallSeconds, epochSeconds, envSeconds, modelSeconds, rolloutSeconds, agentSeconds, evalSeconds,
                checkpointSeconds, agentUpdates, modelSteps, rolloutTransitions);
    }

    /** This row with the checkpoint's time added (to the epoch, the wall time and its own column). */
    public TimingRow withCheckpoint(double seconds) {
        return new TimingRow(epoch, step, session, wallSeconds + seconds, epochSeconds + seconds, envSeconds, modelSeconds,
                rolloutSeconds, agentSeconds, evalSeconds, seconds, agentUpdates, modelSteps, rolloutTransitions);
    }
}
