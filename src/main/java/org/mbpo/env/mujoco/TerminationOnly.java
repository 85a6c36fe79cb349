package org.mbpo.env.mujoco;

import org.mbpo.env.ModelFunctions;

/** Model functions of a task whose reward is learned: termination is a function of the next observation. */
abstract class TerminationOnly implements ModelFunctions {
    private final int obsDim;

    TerminationOnly(int obsDim) {
        this.obsDim = obsDim;
    }

    /** Whether the observation at {@code o[at .. at + obsDim)} is terminal. */
    abstract boolean terminal(float[] o, int at);

    @Override
    public boolean hasReward() {
        return false;
    }

    @Override
    public void reward(float[] obs, float[] action, float[] nextObs, int batch, float[] out) {
        throw new UnsupportedOperationException("the reward of this task is not a function of the observations "
                + "(its forward velocity needs x, which the observation leaves out): learn it with the model");
    }

    @Override
    public void terminated(float[] obs, float[] action, float[] nextObs, int batch, boolean[] out) {
        for (int i = 0; i < batch; i++) {
            out[i] = terminal(nextObs, i * obsDim);
        }
    }
}
