package org.mbpo.expansion;

/**
 * Value expansion's settings in the MBPO loop (config.json's {@code expansion} section; {@code --set critic_target=mve
 * --set horizon=5}, or {@code expansion.KEY}). With value expansion on, the loop trains the model as MBPO does but makes
 * no rollouts into D_model: SAC trains on real batches (real_ratio 1) and the model makes the critics' targets.
 *
 * @param criticTarget how the critics' targets are made ({@link CriticTarget}: sac, mve or steve; sac is MBPO's own)
 * @param horizon      H, the model steps the targets look ahead (3, the default; Feinberg et al. and Buckman et
 *                     al. use H = 3 for most of their tasks); 0 gives SAC's target exactly; must be 0 with critic_target sac
 */
public record ValueExpansionConfig(CriticTarget criticTarget, int horizon) {
    /** The horizon of {@link #of}. */
    public static final int DEFAULT_HORIZON = 3;
    /** The longest horizon accepted: its cost grows linearly with H, and the papers found nothing beyond 10 worth it. */
    public static final int MAX_HORIZON = 50;

    public ValueExpansionConfig {
        if (criticTarget == null) {
            throw new IllegalArgumentException("critic_target must be sac, mve or steve");
        }
        if (horizon < 0 || horizon > MAX_HORIZON) {
            throw new IllegalArgumentException("horizon = " + horizon + " must be in [0, " + MAX_HORIZON + "]");
        }
        if (criticTarget == CriticTarget.SAC && horizon != 0) {
            throw new IllegalArgumentException("horizon = " + horizon + " is value expansion's: set critic_target=mve or "
                    + "steve (or --algo mve|steve); with critic_target = sac it must be 0");
        }
    }

    /** SAC's own target: no value expansion (MBPO). */
    public static ValueExpansionConfig off() {
        return new ValueExpansionConfig(CriticTarget.SAC, 0);
    }

    /** {@code target} with its default horizon: 0 for sac, {@value #DEFAULT_HORIZON} for mve and steve. */
    public static ValueExpansionConfig of(CriticTarget target) {
        return new ValueExpansionConfig(target, target == CriticTarget.SAC ? 0 : DEFAULT_HORIZON);
    }

    /** Whether the critics' targets are a value expansion (mve or steve). */
    public boolean on() {
        return criticTarget != CriticTarget.SAC;
    }

    /** Whether the targets use the model at all (value expansion with H ≥ 1; at H = 0 they are SAC's). */
    public boolean usesModel() {
        return on() && horizon > 0;
    }
}
