package org.mbpo.nn;

/**
 * Adam's settings (Kingma and Ba 2015) and which of its two common forms to run.
 *
 * @param learningRate the step size (SAC: 3e-4, Haarnoja et al. 2018, Table 1; MBPO's model: 1e-3)
 * @param beta1        decay of the first-moment estimate (0.9)
 * @param beta2        decay of the second-moment estimate (0.999)
 * @param epsilon      added to the root of the second moment (1e-8)
 * @param weightDecay  L2 coefficient added to each weight's gradient, not to biases, when the optimizer is
 *                     made for an {@link Mlp} (0; PyTorch's {@code Adam(weight_decay=…)} adds it to biases
 *                     too); per-layer decays are given to {@link Adam}'s constructors instead
 * @param form         the update's form: PyTorch's or TensorFlow's (see {@link Form})
 */
public record AdamConfig(double learningRate, double beta1, double beta2, double epsilon, double weightDecay, Form form) {

    /**
     * The two forms of Adam's update, which round differently in float32. With g the gradient plus any L2
     * term, {@code m ← β1 m + (1 − β1) g} and {@code v ← β2 v + (1 − β2) g²} in both; then
     * <ul>
     *   <li>{@link #PYTORCH} ({@code torch.optim.Adam}, SAC's): {@code θ ← θ − (lr / (1 − β1^t)) · m / (√v / √(1 − β2^t) + ε)};</li>
     *   <li>{@link #TENSORFLOW} ({@code tf.train.AdamOptimizer}, the reference MBPO model's):
     *       {@code lr_t = lr √(1 − β2^t) / (1 − β1^t)}, {@code θ ← θ − lr_t · m / (√v + ε)}, with fused multiply-adds.</li>
     * </ul>
     */
    public enum Form { PYTORCH, TENSORFLOW }

    public AdamConfig {
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be positive and finite, got " + learningRate);
        }
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("betas must be in [0, 1), got " + beta1 + ", " + beta2);
        }
        if (!(epsilon > 0) || !(weightDecay >= 0)) {
            throw new IllegalArgumentException("epsilon must be positive and weight decay non-negative, got " + epsilon + ", " + weightDecay);
        }
        if (form == null) {
            throw new IllegalArgumentException("Adam needs a form (PYTORCH or TENSORFLOW)");
        }
    }

    /** PyTorch's form with these settings. */
    public AdamConfig(double learningRate, double beta1, double beta2, double epsilon, double weightDecay) {
        this(learningRate, beta1, beta2, epsilon, weightDecay, Form.PYTORCH);
    }

    /** PyTorch's form and defaults with the given learning rate. */
    public static AdamConfig withLearningRate(double learningRate) {
        return new AdamConfig(learningRate, 0.9, 0.999, 1e-8, 0.0);
    }

    /** TensorFlow's form with these settings (per-layer decays are given to {@link Adam}). */
    public static AdamConfig tensorflow(double learningRate, double beta1, double beta2, double epsilon) {
        return new AdamConfig(learningRate, beta1, beta2, epsilon, 0.0, Form.TENSORFLOW);
    }
}
