package org.mbpo.nn;

import org.junit.jupiter.api.Test;
import org.mbpo.random.Rng;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ND4J at the public API: batches copied in and out with their shapes checked; native buffers offered as views. */
class Nd4jArraysTest {

    @Test
    void batchesGoInAndComeOutRowMajorWhateverTheirTypeOrOrder() {
        INDArray d = Nd4j.create(new double[][] {{1, 2, 3}, {4, 5, 6}});
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, Nd4jArrays.toFloats(d, 3, "x"), "doubles, C order");
        INDArray fortran = Nd4j.create(new float[] {1, 4, 2, 5, 3, 6}, new long[] {2, 3}, 'f');
        assertEquals(5f, fortran.getFloat(1, 1), 0f);
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, Nd4jArrays.toFloats(fortran, 3, "x"), "Fortran order");
        INDArray transposedView = Nd4j.create(new float[] {1, 4, 2, 5, 3, 6}, new long[] {3, 2}, 'c').transpose();
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, Nd4jArrays.toFloats(transposedView, 3, "x"), "a transposed view");
        INDArray back = Nd4jArrays.matrix(new float[] {1, 2, 3, 4, 5, 6, 7}, 2, 3);
        assertArrayEquals(new long[] {2, 3}, back.shape());
        assertEquals(DataType.FLOAT, back.dataType());
        assertEquals(6f, back.getFloat(1, 2), 0f);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Nd4jArrays.toFloats(d, 2, "observations"));
        assertEquals("observations must be [rows, 2], got [2, 3]", e.getMessage());
        assertEquals(4, Nd4jArrays.rows(Nd4j.zeros(4), 1, "rewards"), "a vector is a one-column batch");
    }

    @Test
    void anMlpsParametersAndGradientsAreViewsOfItsNativeMemory() {
        Mlp net = new Mlp(new int[] {3, 4, 2}, Activation.RELU, new Rng(5));
        INDArray p = net.parametersArray();
        assertArrayEquals(net.parameters(), p.toFloatVector(), "the native copy is current");
        float[] changed = net.parameters().clone();
        changed[0] = 42f;
        net.setParameters(changed);
        assertEquals(42f, p.getFloat(0), 0f, "the same INDArray sees the change: a view, not a copy");
        INDArray w1 = net.weightsArray(1);
        assertArrayEquals(new long[] {4, 2}, w1.shape());
        assertEquals(net.parameters()[net.weightOffset(1) + 2 * 2 + 1], w1.getFloat(2, 1), 0f, "row-major Wᵀ [in, out]");
        changed[net.weightOffset(1) + 2 * 2 + 1] = -7f;
        net.setParameters(changed);
        assertEquals(-7f, w1.getFloat(2, 1), 0f, "the layer's weights are a view too");
        assertEquals(net.parameters()[net.biasOffset(1) + 1], net.biasArray(1).getFloat(1), 0f);
        Workspace ws = net.workspace(2);
        ws.input()[0] = 1;
        net.forward(ws, 1);
        ws.outputGrad()[0] = 1;
        net.backward(ws, 1, true, 0, 0);
        assertArrayEquals(net.gradients(), net.gradientsArray().toFloatVector(), "the gradients' native copy");
        assertTrue(net.gradientsArray().getFloat(net.biasOffset(1)) != 0f, "a nonzero bias gradient");
    }
}
