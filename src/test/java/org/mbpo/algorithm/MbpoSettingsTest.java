package org.mbpo.algorithm;

import org.junit.jupiter.api.Test;
import org.mbpo.config.Overrides;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MbpoSettingsTest {

    @Test
    void theMbpoRecordDecidesTheSharedFields() {
        MbpoSettings s = MbpoSettings.of(MbpoConfig.hopper());
        assertEquals(-1, s.sac().targetEntropy(), "Hopper's target entropy reaches SAC");
        assertEquals(7, s.model().ensembleSize());
        assertEquals(200, s.model().hiddenUnits());
        assertEquals(400, MbpoSettings.of(MbpoConfig.humanoid()).model().hiddenUnits(), "Humanoid's wider model");
        assertEquals(256, s.sac().batchSize());
        assertEquals(0.99, s.sac().gamma());
        MbpoSettings t = s.withSetting("target_entropy", "-2").withSetting("model_hidden", "64");
        assertEquals(-2, t.sac().targetEntropy());
        assertEquals(64, t.model().hiddenUnits());
    }

    @Test
    void settingsThatConstrainEachOtherCanBeGivenInAnyOrder() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("ensemble_size", "3");
        m.put("elites", "2");
        MbpoSettings s = MbpoSettings.of(MbpoConfig.hopper()).withSettings(m);
        assertEquals(3, s.model().ensembleSize());
        assertEquals(2, s.model().elites());
        // One at a time the first would fail: 5 elites do not fit 3 members.
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MbpoSettings.of(MbpoConfig.hopper()).withSetting("ensemble_size", "3"));
        assertTrue(e.getMessage().contains("elites = 5 must be between 1 and ensemble_size"), e.getMessage());
    }

    @Test
    void prefixesChooseTheRecordAndAmbiguousNamesAreRefused() {
        MbpoSettings s = MbpoSettings.of(MbpoConfig.pendulum()).withSettings(Map.of("sac.batch_size", "128",
                "model.batch_size", "64", "tau", "0.01", "holdout_ratio", "0.1"));
        assertEquals(128, s.sac().batchSize());
        assertEquals(64, s.model().batchSize());
        assertEquals(0.01, s.sac().tau());
        assertEquals(0.1, s.model().holdoutRatio());
        assertThrows(IllegalArgumentException.class, () -> s.withSetting("learning_rate", "1e-3"));
        assertThrows(IllegalArgumentException.class, () -> s.withSetting("model.hidden_units", "50"));
        assertThrows(IllegalArgumentException.class, () -> s.withSetting("sac.target_entropy", "-1"));
        assertThrows(IllegalArgumentException.class, () -> new MbpoSettings(s.mbpo(),
                Overrides.apply(s.sac(), "target_entropy", "-3"), s.model()));
    }

    @Test
    void aDescriptionReadsBackToTheSameSettings() {
        MbpoSettings s = MbpoSettings.of(MbpoConfig.humanoid()).withSettings(Map.of("real_ratio", "0.1",
                "ensemble_size", "4", "elites", "3", "sac.tau", "0.02", "model.weight_decays", "1e-4,1e-4,1e-4,1e-4,1e-4"));
        Map<String, Map<String, String>> text = new LinkedHashMap<>();
        for (Map.Entry<String, Object> section : s.describe().entrySet()) {
            Map<String, String> fields = new LinkedHashMap<>();
            @SuppressWarnings("unchecked")
            Map<String, Object> values = (Map<String, Object>) section.getValue();
            values.forEach((k, v) -> fields.put(k, String.valueOf(v)));
            text.put(section.getKey(), fields);
        }
        assertEquals(s, MbpoSettings.fromDescription(text));
        MbpoSettings pendulum = MbpoSettings.of(MbpoConfig.pendulum());
        assertTrue(Double.isNaN(pendulum.mbpo().targetEntropy()));
        Map<String, Map<String, String>> missing = new LinkedHashMap<>(text);
        missing.remove("model");
        assertThrows(IllegalArgumentException.class, () -> MbpoSettings.fromDescription(missing));
    }
}
