package org.mbpo.model;

/**
 * The probabilistic ensemble's settings: its shape, its loss, its optimiser and when its training
 * stops. Defaults ({@link #mbpo()}) are the reference implementation's (github.com/jannerm/mbpo,
 * {@code mbpo/models/constructor.py}, {@code bnn.py}, {@code fc.py}, and the {@code train} call in
 * {@code mbpo/algorithms/mbpo.py}). Every field can be overridden with
 * {@link org.mbpo.config.Overrides} (snake_case keys).
 *
 * @param ensembleSize          E, the number of Gaussian networks (7)
 * @param elites                members used for prediction, those with the lowest holdout MSE (5)
 * @param hiddenLayers          hidden layers per network (4)
 * @param hiddenUnits           units per hidden layer (200; the reference uses 400 for Humanoid)
 * @param weightDecays          L2 decay per layer, input layer first: hiddenLayers + 1 values (2.5e-5, 5e-5, 7.5e-5, 7.5e-5, 1e-4)
 * @param learningRate          Adam's step size (1e-3)
 * @param adamBeta1             Adam's β1 (0.9, TensorFlow's default)
 * @param adamBeta2             Adam's β2 (0.999, TensorFlow's default)
 * @param adamEpsilon           Adam's ε, added to √v as TensorFlow does (1e-8)
 * @param batchSize             rows per member per gradient step (256)
 * @param holdoutRatio          fraction of the data held out to measure each member's error (0.2)
 * @param maxHoldout            cap on the holdout size (5000, the reference's {@code max_logging})
 * @param improvementThreshold  relative holdout-MSE improvement that saves a member's snapshot (0.01)
 * @param maxEpochsSinceUpdate  training stops once more than this many epochs in a row improved no member (5)
 * @param maxEpochs             cap on epochs per training; 0 for none (0: the reference trains until early stopping)
 * @param maxTrainingSeconds    cap on one training's wall-clock time, checked after each epoch; 0 for none (0)
 * @param initMaxLogVar         initial learned upper bound on the log-variance (0.5)
 * @param initMinLogVar         initial learned lower bound on the log-variance (−10)
 * @param logVarBoundWeight     weight of the bound penalty {@code Σ maxLogVar − Σ minLogVar} in the loss (0.01)
 */
public record EnsembleConfig(int ensembleSize, int elites, int hiddenLayers, int hiddenUnits, LayerDecays weightDecays,
                             double learningRate, double adamBeta1, double adamBeta2, double adamEpsilon, int batchSize,
                             double holdoutRatio, int maxHoldout, double improvementThreshold, int maxEpochsSinceUpdate,
                             int maxEpochs, double maxTrainingSeconds, double initMaxLogVar, double initMinLogVar,
                             double logVarBoundWeight) {

    public EnsembleConfig {
        require(ensembleSize >= 1, "ensemble_size", ensembleSize, "at least 1");
        require(elites >= 1 && elites <= ensembleSize, "elites", elites, "between 1 and ensemble_size (" + ensembleSize + ")");
        require(hiddenLayers >= 1, "hidden_layers", hiddenLayers, "at least 1");
        require(hiddenUnits >= 1, "hidden_units", hiddenUnits, "at least 1");
        require(weightDecays.size() == hiddenLayers + 1, "weight_decays", weightDecays,
                "one value per layer: hidden_layers + 1 = " + (hiddenLayers + 1));
        require(learningRate > 0 && Double.isFinite(learningRate), "learning_rate", learningRate, "positive");
        require(adamBeta1 >= 0 && adamBeta1 < 1, "adam_beta1", adamBeta1, "in [0, 1)");
        require(adamBeta2 >= 0 && adamBeta2 < 1, "adam_beta2", adamBeta2, "in [0, 1)");
        require(adamEpsilon > 0 && Double.isFinite(adamEpsilon), "adam_epsilon", adamEpsilon, "positive");
        require(batchSize >= 1, "batch_size", batchSize, "at least 1");
        require(holdoutRatio > 0 && holdoutRatio < 1, "holdout_ratio", holdoutRatio, "in (0, 1)");
        require(maxHoldout >= 1, "max_holdout", maxHoldout, "at least 1");
        require(improvementThreshold >= 0 && Double.isFinite(improvementThreshold), "improvement_threshold",
                improvementThreshold, "finite and at least 0");
        require(maxEpochsSinceUpdate >= 0, "max_epochs_since_update", maxEpochsSinceUpdate, "at least 0");
        require(maxEpochs >= 0, "max_epochs", maxEpochs, "at least 0 (0: no cap)");
        require(maxTrainingSeconds >= 0 && !Double.isNaN(maxTrainingSeconds), "max_training_seconds", maxTrainingSeconds,
                "at least 0 (0: no cap)");
        require(Double.isFinite(initMaxLogVar) && Double.isFinite(initMinLogVar) && initMinLogVar < initMaxLogVar,
                "init_min_log_var", initMinLogVar, "finite and below init_max_log_var (" + initMaxLogVar + ")");
        require(logVarBoundWeight >= 0 && Double.isFinite(logVarBoundWeight), "log_var_bound_weight", logVarBoundWeight,
                "finite and at least 0");
    }

    private static void require(boolean ok, String field, Object value, String expected) {
        if (!ok) {
            throw new IllegalArgumentException(field + " = " + value + " must be " + expected);
        }
    }

    /** MBPO's model: 7 members, 5 elites, 4 × 200 swish, the reference's decays, Adam 1e-3, batch 256, early stopping. */
    public static EnsembleConfig mbpo() {
        return new EnsembleConfig(7, 5, 4, 200, LayerDecays.mbpo(), 1e-3, 0.9, 0.999, 1e-8, 256,
                0.2, 5000, 0.01, 5, 0, 0, 0.5, -10, 0.01);
    }

    /** This config with {@code hiddenUnits} units per hidden layer (the reference uses 400 for Humanoid). */
    public EnsembleConfig withHiddenUnits(int units) {
        return new EnsembleConfig(ensembleSize, elites, hiddenLayers, units, weightDecays, learningRate, adamBeta1,
                adamBeta2, adamEpsilon, batchSize, holdoutRatio, maxHoldout, improvementThreshold, maxEpochsSinceUpdate,
                maxEpochs, maxTrainingSeconds, initMaxLogVar, initMinLogVar, logVarBoundWeight);
    }

    /** This config with a cap of {@code epochs} epochs per training (0: none). */
    public EnsembleConfig withMaxEpochs(int epochs) {
        return new EnsembleConfig(ensembleSize, elites, hiddenLayers, hiddenUnits, weightDecays, learningRate, adamBeta1,
                adamBeta2, adamEpsilon, batchSize, holdoutRatio, maxHoldout, improvementThreshold, maxEpochsSinceUpdate,
                epochs, maxTrainingSeconds, initMaxLogVar, initMinLogVar, logVarBoundWeight);
    }
}
