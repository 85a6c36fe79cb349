package org.mbpo.algorithm;

import org.mbpo.agent.SacConfig;
import org.mbpo.config.Overrides;
import org.mbpo.expansion.CriticTarget;
import org.mbpo.expansion.ValueExpansionConfig;
import org.mbpo.model.EnsembleConfig;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every setting of an MBPO run, one record per component: the algorithm's ({@link MbpoConfig}), the
 * agent's ({@link SacConfig}), the dynamics model's ({@link EnsembleConfig}) and how the critics' targets
 * are made ({@link ValueExpansionConfig}: SAC's own for MBPO, or a value expansion, MVE or STEVE, in the
 * same loop). The MBPO record is the source of the settings it shares with the others: SAC's target
 * entropy, and the model's ensemble size, elites and hidden width; {@link #of} copies them across and
 * {@link #withSetting} keeps them in step.
 *
 * <p>Keys for {@link #withSetting}: a field of {@code MbpoConfig} by name ({@code real_ratio}); a field
 * of one of the others by name when only one has it ({@code tau}, {@code holdout_ratio}, {@code horizon});
 * or prefixed with {@code sac.}, {@code model.} or {@code expansion.} ({@code sac.batch_size},
 * {@code model.learning_rate}), which is required for the names two have ({@code batch_size},
 * {@code learning_rate}, {@code hidden_layers}).
 *
 * <p>Value expansion trains SAC on real data only (no D_model), so it requires {@code real_ratio = 1}.
 * Its section is written ({@link #describe}) only when it is on, so MBPO's config files and checkpoints are
 * those of the code before value expansion existed, and theirs read back with it off.
 */
public record MbpoSettings(MbpoConfig mbpo, SacConfig sac, EnsembleConfig model, ValueExpansionConfig expansion) {

    private static final List<String> SHARED_WITH_SAC = List.of("target_entropy");
    private static final List<String> SHARED_WITH_MODEL = List.of("ensemble_size", "elites", "hidden_units");

    public MbpoSettings {
        if (Double.compare(sac.targetEntropy(), mbpo.targetEntropy()) != 0 || model.ensembleSize() != mbpo.ensembleSize()
                || model.elites() != mbpo.elites() || model.hiddenUnits() != mbpo.modelHidden()) {
            throw new IllegalArgumentException("the SAC and model settings disagree with the MBPO settings they share "
                    + "(target_entropy, ensemble_size, elites, model_hidden)");
        }
        if (expansion.on() && mbpo.realRatio() != 1) {
            throw new IllegalArgumentException("critic_target = " + expansion.criticTarget() + " trains SAC on real data "
                    + "only (no model rollouts): real_ratio must be 1, got " + mbpo.realRatio() + " (--algo "
                    + expansion.criticTarget() + " sets it)");
        }
    }

    /** MBPO's settings: the critics' targets are SAC's own. */
    public MbpoSettings(MbpoConfig mbpo, SacConfig sac, EnsembleConfig model) {
        this(mbpo, sac, model, ValueExpansionConfig.off());
    }

    /**
     * The MBPO loop with {@code expansion}'s critic targets: with value expansion on, real_ratio 1 (SAC trains on
     * real batches; the model is trained as MBPO trains it and makes the targets), else these settings' own.
     */
    public MbpoSettings withExpansion(ValueExpansionConfig expansion) {
        MbpoConfig m = expansion.on() ? Overrides.apply(mbpo, "real_ratio", "1") : mbpo;
        return new MbpoSettings(m, sac, model, expansion);
    }

    /** Whether the model is trained at all: for rollouts (real_ratio below 1) or for value expansion's targets (H ≥ 1). */
    public boolean usesModel() {
        return expansion.on() ? expansion.usesModel() : mbpo.realRatio() < 1;
    }

    /** config.json's {@code algo}: "mbpo", or the value expansion ("mve", "steve"). */
    public String algorithm() {
        return expansion.on() ? expansion.criticTarget().toString() : "mbpo";
    }

    /**
     * The settings for {@code mbpo}: SAC's defaults (Haarnoja et al. 2018b, which MBPO uses) with the
     * preset's target entropy, and MBPO's model ({@link EnsembleConfig#mbpo()}) with the preset's
     * ensemble size, elites and width.
     */
    public static MbpoSettings of(MbpoConfig mbpo) {
        return new MbpoSettings(mbpo, synced(SacConfig.defaults(), mbpo), synced(EnsembleConfig.mbpo(), mbpo));
    }

    private static SacConfig synced(SacConfig sac, MbpoConfig mbpo) {
        return Overrides.apply(sac, "target_entropy", Double.toString(mbpo.targetEntropy()));
    }

    private static EnsembleConfig synced(EnsembleConfig model, MbpoConfig mbpo) {
        // Set the size and the elites in an order that keeps elites ≤ ensemble_size at every step.
        EnsembleConfig m = model;
        if (mbpo.ensembleSize() >= m.elites()) {
            m = Overrides.apply(m, "ensemble_size", Integer.toString(mbpo.ensembleSize()));
            m = Overrides.apply(m, "elites", Integer.toString(mbpo.elites()));
        } else {
            m = Overrides.apply(m, "elites", Integer.toString(mbpo.elites()));
            m = Overrides.apply(m, "ensemble_size", Integer.toString(mbpo.ensembleSize()));
        }
        return m.withHiddenUnits(mbpo.modelHidden());
    }

    /**
     * These settings with one field replaced (see the class comment for the keys).
     *
     * @throws IllegalArgumentException for an unknown or ambiguous key, a shared field set on the
     *                                  wrong record, or a value the record refuses; one line
     */
    public MbpoSettings withSetting(String key, String value) {
        return withSettings(Map.of(key, value));
    }

    /**
     * These settings with every {@code key → value} applied. The fields of each record change together
     * (one constructor call per record), so settings that constrain each other can be given in any
     * order: {@code ensemble_size=3, elites=2} works although 5 elites do not fit 3 members.
     *
     * @throws IllegalArgumentException as {@link #withSetting}
     */
    public MbpoSettings withSettings(Map<String, String> settings) {
        Map<String, String> forMbpo = new LinkedHashMap<>();
        Map<String, String> forSac = new LinkedHashMap<>();
        Map<String, String> forModel = new LinkedHashMap<>();
        Map<String, String> forExpansion = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : settings.entrySet()) {
            String key = e.getKey();
            String k = Overrides.snake(key.trim()).replace('-', '_');
            if (k.startsWith("sac.")) {
                String field = k.substring(4);
                if (SHARED_WITH_SAC.contains(field)) {
                    throw new IllegalArgumentException("set " + field + " (an MBPO setting, which SAC uses), not " + k);
                }
                forSac.put(field, e.getValue());
            } else if (k.startsWith("model.")) {
                String field = k.substring(6);
                if (SHARED_WITH_MODEL.contains(field)) {
                    throw new IllegalArgumentException("set " + (field.equals("hidden_units") ? "model_hidden" : field)
                            + " (an MBPO setting, which the model uses), not " + k);
                }
                forModel.put(field, e.getValue());
            } else if (k.startsWith("expansion.")) {
                forExpansion.put(k.substring(10), e.getValue());
            } else if (has(mbpo, k)) {
                forMbpo.put(k, e.getValue());
            } else if (has(expansion, k)) {
                forExpansion.put(k, e.getValue());
            } else {
                boolean inSac = has(sac, k) && !SHARED_WITH_SAC.contains(k);
                boolean inModel = has(model, k) && !SHARED_WITH_MODEL.contains(k);
                if (inSac && inModel) {
                    throw new IllegalArgumentException("'" + key + "' is a setting of both SAC and the model: write sac." + k
                            + " or model." + k);
                } else if (inSac) {
                    forSac.put(k, e.getValue());
                } else if (inModel) {
                    forModel.put(k, e.getValue());
                } else {
                    throw new IllegalArgumentException("unknown setting '" + key + "'; MBPO: " + String.join(", ", Overrides.keys(mbpo))
                            + "; SAC (sac.KEY): " + String.join(", ", Overrides.keys(sac)) + "; model (model.KEY): "
                            + String.join(", ", Overrides.keys(model)) + "; value expansion: "
                            + String.join(", ", Overrides.keys(expansion)));
                }
            }
        }
        MbpoConfig m = Overrides.applyAtOnce(mbpo, forMbpo);
        SacConfig s = synced(Overrides.applyAtOnce(sac, forSac), m);
        EnsembleConfig e = synced(Overrides.applyAtOnce(model, forModel), m);
        return new MbpoSettings(m, s, e, Overrides.applyAtOnce(expansion, withDefaultHorizon(forExpansion)));
    }

    /** {@code set} with, where it changes the critic target and gives no horizon, the new target's default horizon. */
    private Map<String, String> withDefaultHorizon(Map<String, String> set) {
        if (!set.containsKey("critic_target") || set.containsKey("horizon")) {
            return set;
        }
        CriticTarget target = Overrides.apply(ValueExpansionConfig.off(), "critic_target", set.get("critic_target")).criticTarget();
        if (target == expansion.criticTarget()) {
            return set;
        }
        Map<String, String> m = new LinkedHashMap<>(set);
        m.put("horizon", Integer.toString(ValueExpansionConfig.of(target).horizon()));
        return m;
    }

    private static boolean has(Record r, String snakeKey) {
        return Arrays.asList(Overrides.keys(r)).contains(snakeKey);
    }

    /**
     * {@code {"mbpo": {...}, "sac": {...}, "model": {...}}}, and {@code "expansion": {...}} when value expansion is on,
     * each as {@link Overrides#describe} gives it (for config files and checkpoints).
     */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mbpo", Overrides.describe(mbpo));
        m.put("sac", Overrides.describe(sac));
        m.put("model", Overrides.describe(model));
        if (expansion.on()) {
            m.put("expansion", Overrides.describe(expansion));
        }
        return m;
    }

    /**
     * The settings {@link #describe} wrote, read back: every value is parsed as {@code --set} would; without an
     * {@code expansion} section, value expansion is off.
     *
     * @throws IllegalArgumentException if a section or field is missing or a value does not parse
     */
    public static MbpoSettings fromDescription(Map<String, Map<String, String>> sections) {
        for (String name : List.of("mbpo", "sac", "model")) {
            if (sections.get(name) == null) {
                throw new IllegalArgumentException("the settings lack their '" + name + "' section");
            }
        }
        MbpoConfig mbpo = Overrides.applyAtOnce(MbpoConfig.pendulum(), Overrides.complete(sections.get("mbpo"), MbpoConfig.pendulum(), "mbpo"));
        SacConfig sac = Overrides.applyAtOnce(SacConfig.defaults(), Overrides.complete(sections.get("sac"), SacConfig.defaults(), "sac"));
        EnsembleConfig model = Overrides.applyAtOnce(EnsembleConfig.mbpo(), Overrides.complete(sections.get("model"), EnsembleConfig.mbpo(), "model"));
        ValueExpansionConfig off = ValueExpansionConfig.off();
        Map<String, String> expansion = sections.get("expansion");
        return new MbpoSettings(mbpo, sac, model, expansion == null ? off
                : Overrides.applyAtOnce(off, Overrides.complete(expansion, off, "expansion")));
    }
}
