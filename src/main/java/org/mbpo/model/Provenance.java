package org.mbpo.model;

/**
 * Where a trained model came from.
 *
 * @param config        the settings it was trained with
 * @param seed          the trainer's seed
 * @param version       the mbpo version that trained it
 * @param trainings     how many trainings it has had (the model is not reset between them)
 * @param gradientSteps Adam steps over all its trainings
 */
public record Provenance(EnsembleConfig config, long seed, String version, int trainings, long gradientSteps) {

    /** This library's version, from the jar manifest ("development" when run from classes). */
    public static String libraryVersion() {
        String v = Provenance.class.getPackage().getImplementationVersion();
        return v == null ? "development" : v;
    }
}
