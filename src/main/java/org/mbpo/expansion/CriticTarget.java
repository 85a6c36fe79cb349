package org.mbpo.expansion;

import java.util.Locale;

/**
 * How SAC's critics get their regression targets in the MBPO loop ({@code critic_target}; {@code --algo}): SAC's own
 * one-step soft target, or a model-based value expansion of it over H steps of the learned model. Written and read in
 * lower case ({@code mve}).
 */
public enum CriticTarget {
    /** SAC's own target, y = r + γ (1 − d) V̂(s′) ({@link org.mbpo.agent.Sac#update}): MBPO, and SAC alone. */
    SAC,
    /** Model-based value expansion (Feinberg et al. 2018): the H-step soft model return plus the bootstrap ({@link MveTargets}). */
    MVE,
    /** Stochastic ensemble value expansion (Buckman et al. 2018): horizons 0 … H weighted by inverse variance ({@link SteveTargets}). */
    STEVE;

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
