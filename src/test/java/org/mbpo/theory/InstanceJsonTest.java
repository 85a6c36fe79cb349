package org.mbpo.theory;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

public class InstanceJsonTest {

    /** A small valid instance, shared with the command-line tests. */
    public static final String VALID = """
            {"gamma": 0.9, "k": 2,
             "reward": [[1, 0], [0, 0.5]],
             "initial": [1, 0],
             "dynamics": [[[0.9, 0.1], [0.2, 0.8]], [[0.5, 0.5], [0, 1]]],
             "model":    [[[0.8, 0.2], [0.2, 0.8]], [[0.5, 0.5], [0.1, 0.9]]],
             "policy": [[0.7, 0.3], [0.5, 0.5]],
             "data_policy": [[0.6, 0.4], [0.5, 0.5]]}
            """;

    @Test
    void readsAllFieldsAndDefaultsTheHorizon() {
        TheoryInstance in = InstanceJson.readInstance(VALID);
        assertEquals(0.9, in.gamma());
        assertEquals(2, in.k());
        assertEquals(TheoryInstance.DEFAULT_HORIZON, in.horizon());
        assertArrayEquals(new double[] {0.6, 0.4}, in.dataPolicy().probabilities()[0]);
        assertArrayEquals(new double[] {0.1, 0.9}, in.model()[1][1]);
    }

    @Test
    void writeThenReadGivesTheSameDoubles() {
        RandomInstances gen = RandomInstances.defaults();
        for (int i = 0; i < 20; i++) {
            TheoryInstance in = gen.instance(4, i);
            TheoryInstance back = InstanceJson.readInstance(InstanceJson.write(in));
            assertEquals(in.gamma(), back.gamma());
            assertEquals(in.k(), back.k());
            assertEquals(in.horizon(), back.horizon());
            for (int s = 0; s < in.states(); s++) {
                assertArrayEquals(in.mdp().reward()[s], back.mdp().reward()[s]);
                assertArrayEquals(in.policy().probabilities()[s], back.policy().probabilities()[s]);
                assertArrayEquals(in.dataPolicy().probabilities()[s], back.dataPolicy().probabilities()[s]);
                for (int a = 0; a < in.actions(); a++) {
                    assertArrayEquals(in.mdp().dynamics()[s][a], back.mdp().dynamics()[s][a]);
                    assertArrayEquals(in.model()[s][a], back.model()[s][a]);
                }
            }
        }
    }

    @Test
    void schemePairRoundTrip() {
        SchemePair pair = RandomInstances.defaults().schemePair(2, 3);
        SchemePair back = InstanceJson.readSchemePair(InstanceJson.write(pair));
        assertEquals(pair.evaluate(BranchOrder.BRANCH).check(), back.evaluate(BranchOrder.BRANCH).check());
    }

    @Test
    void rowThatDoesNotSumToOneNamesFieldAndIndex() {
        String bad = VALID.replace("[[0.5, 0.5], [0, 1]]]", "[[0.5, 0.4], [0, 1]]]");
        assertField("dynamics[1][0]", bad, "sums to 0.9");
    }

    @Test
    void negativeEntryNamesIndex() {
        assertField("data_policy[0][1]", VALID.replace("[[0.6, 0.4]", "[[1.4, -0.4]"), "negative");
    }

    @Test
    void gammaOutsideRange() {
        assertField("gamma", VALID.replace("\"gamma\": 0.9", "\"gamma\": 1.0"), "outside [0, 1)");
    }

    @Test
    void negativeK() {
        assertField("k", VALID.replace("\"k\": 2", "\"k\": -1"), "at least 0");
    }

    @Test
    void mismatchedSizes() {
        assertField("model", VALID.replace("\"model\":    [[[0.8, 0.2], [0.2, 0.8]], [[0.5, 0.5], [0.1, 0.9]]]",
                "\"model\": [[[0.8, 0.2], [0.2, 0.8]]]"), "1 states, expected 2");
        assertField("policy[1]", VALID.replace("\"policy\": [[0.7, 0.3], [0.5, 0.5]]",
                "\"policy\": [[0.7, 0.3], [1.0]]"), "1 entries, expected 2");
    }

    @Test
    void malformedJsonGivesLineAndColumn() {
        InvalidInstanceException e = assertThrows(InvalidInstanceException.class,
                () -> InstanceJson.readInstance("{\"gamma\": 0.9,\n \"k\": }"));
        assertTrue(e.getMessage().contains("malformed JSON at line 2"), e.getMessage());
    }

    @Test
    void missingUnknownAndMistypedFields() {
        assertField("initial", VALID.replace("\"initial\": [1, 0],", ""), "missing");
        assertField("datapolicy", VALID.replace("\"data_policy\"", "\"datapolicy\""), "unknown field");
        assertField("reward[1][0]", VALID.replace("[0, 0.5]]", "[\"x\", 0.5]]"), "expected a number");
        assertField("k", VALID.replace("\"k\": 2", "\"k\": 2.5"), "expected an integer");
    }

    private static void assertField(String field, String json, String problem) {
        InvalidInstanceException e = assertThrows(InvalidInstanceException.class, () -> InstanceJson.readInstance(json));
        assertEquals(field, e.field(), e.getMessage());
        assertTrue(e.getMessage().contains(problem), "message '" + e.getMessage() + "' should say '" + problem + "'");
    }
}
