package org.mbpo.model;

import org.junit.jupiter.api.Test;
import org.mbpo.data.TransitionBatch;
import org.mbpo.random.Rng;
import org.nd4j.linalg.api.ndarray.INDArray;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

/** The dynamics model on ND4J batches: the same samples and predictions as on Java arrays. */
class EnsembleArraysTest {

    @Test
    void samplesAndPredictionsOnNd4jArraysAreThoseOnJavaArrays() {
        TransitionBatch data = TestData.smooth(300, 3, 2, 3);
        EnsembleModel model = new EnsembleTrainer(TestData.small(3), 3, 2, 17, 1).train(data);
        TransitionBatch back = TransitionBatch.fromArrays(data.observationsArray(), data.actionsArray(), data.rewardsArray(),
                data.nextObservationsArray());
        assertArrayEquals(data.observations(), back.observations(), "a batch through ND4J and back");
        assertArrayEquals(data.rewards(), back.rewards());

        EnsembleModel.Sample expected = model.sample(data.observations(), data.actions(), 300, new Rng(5));
        EnsembleModel.ArraySample got = model.sample(data.observationsArray(), data.actionsArray(), new Rng(5));
        assertArrayEquals(new long[] {300, 3}, got.nextObservations().shape());
        assertArrayEquals(expected.nextObservations(), got.nextObservations().ravel().toFloatVector());
        assertArrayEquals(expected.rewards(), got.rewards().ravel().toFloatVector());

        EnsemblePrediction p = model.predict(data.observations(), data.actions(), 300);
        EnsemblePrediction q = model.predict(data.observationsArray(), data.actionsArray());
        assertArrayEquals(p.means(), q.means());
        INDArray means = q.meansArray();
        assertArrayEquals(new long[] {3, 300, 4}, means.shape(), "[members, rows, 1 + obsDim]");
        assertEquals(p.mean(2, 17, 3), means.getFloat(2, 17, 3), 0f);
        assertEquals((float) p.epistemicVariance()[17 * 4 + 1], q.epistemicVarianceArray().getFloat(17, 1), 0f);

        INDArray params = model.parametersArray();
        assertEquals(model.network().size, params.length());
        assertNotSame(model.network().params.array(), params, "a copy: the model stays immutable");
        params.putScalar(0, 99f);
        assertEquals(model.network().params.get(0), model.parametersArray().getFloat(0), 0f);
    }
}
