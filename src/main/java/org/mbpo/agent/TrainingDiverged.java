package org.mbpo.agent;

/** Training met a NaN or infinite loss or parameter; the message names the step and the network. */
public final class TrainingDiverged extends RuntimeException {
    private final long step;
    private final String network;

    public TrainingDiverged(long step, String network, String message) {
        super(message);
        this.step = step;
        this.network = network;
    }

    /** The environment step at which it was detected. */
    public long step() {
        return step;
    }

    /** The network (or quantity) that was not finite: q1, q2, actor, alpha, q1_target, q2_target. */
    public String network() {
        return network;
    }
}
