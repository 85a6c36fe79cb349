package org.mbpo.nn;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The profile charges time and products to the part a thread is in, counts 2 m n k per product, and costs nothing off. */
class ProfileTest {

    @AfterEach
    void off() {
        Profile.disable();
        Profile.reset();
    }

    @Test
    void productsAreChargedToThePartTheirThreadIsInWithTwoMnkFlops() {
        NativeArray a = NativeArray.allocate(64 * 32);
        NativeArray b = NativeArray.allocate(32 * 16);
        NativeArray c = NativeArray.allocate(64 * 16);
        NativeArray ones = NativeArray.allocate(64);
        Profile.reset();
        Profile.enable();
        int outer = Profile.enter(Profile.Part.SAC_CRITIC);
        Blas.gemm(false, false, 64, 16, 32, 1f, a, 0, 32, b, 0, 16, 0f, c, 0, 16);
        Blas.gemm(true, false, 16, 16, 64, 1f, c, 0, 16, c, 0, 16, 0f, b, 0, 16);
        int inner = Profile.enter(Profile.Part.SAC_ADAM);
        assertEquals(Profile.Part.SAC_CRITIC.ordinal(), inner, "entering a part returns the one left");
        Blas.gemvTransposed(64, 16, c, 0, 16, ones, 0, 0f, b, 0);
        Profile.exit(inner);
        Profile.exit(outer);
        Blas.gemm(false, false, 2, 3, 4, 1f, a, 0, 4, b, 0, 3, 0f, c, 0, 3);
        Profile.disable();
        Profile.Sums critic = Profile.sums(Profile.Part.SAC_CRITIC);
        assertEquals(2L * 64 * 16 * 32 + 2L * 16 * 16 * 64, critic.flops(), "2 m n k for each of the part's two products");
        assertEquals(2, critic.products());
        assertEquals(1, critic.entries(), "entered once (its time before and after the inner part is one entry)");
        assertTrue(critic.productNanos() > 0 && critic.productNanos() <= critic.nanos(), "its products' time lies inside its time");
        Profile.Sums adam = Profile.sums(Profile.Part.SAC_ADAM);
        assertEquals(2L * 64 * 16, adam.flops(), "a gemv counts 2 m n");
        assertEquals(1, adam.products());
        assertEquals(2L * 2 * 3 * 4, Profile.sums(null).flops(), "a product outside every part");
        assertEquals(critic.flops() + adam.flops() + 2L * 2 * 3 * 4, Profile.totalFlops());
        StringWriter text = new StringWriter();
        Profile.print(new PrintWriter(text), 1, "update");
        assertTrue(text.toString().contains(Profile.Part.SAC_CRITIC.label()), text.toString());
        assertFalse(text.toString().contains(Profile.Part.MODEL_ADAM.label()), "parts never entered are left out");
    }

    @Test
    void countGivesOneRunsFlopsAndTheTableOfMoreRunsOnlyWhenAsked() {
        NativeArray a = NativeArray.allocate(8 * 5);
        NativeArray b = NativeArray.allocate(5 * 3);
        NativeArray c = NativeArray.allocate(8 * 3);
        int[] runs = {0};
        Runnable op = () -> {
            runs[0]++;
            int outer = Profile.enter(Profile.Part.MODEL_FORWARD);
            Blas.gemm(false, false, 8, 3, 5, 1f, a, 0, 5, b, 0, 3, 0f, c, 0, 3);
            Profile.exit(outer);
        };
        Profile.Counted plain = Profile.count(op, 4, false, "step");
        assertEquals(2L * 8 * 3 * 5, plain.flops(), "one run's 2 m n k");
        assertEquals("", plain.table(), "no table unless asked");
        assertEquals(1, runs[0], "one run to count");
        Profile.Counted profiled = Profile.count(op, 4, true, "step");
        assertEquals(2L * 8 * 3 * 5, profiled.flops(), "still one run's flops");
        assertEquals(1 + 5, runs[0], "one run to count, four to profile");
        assertTrue(profiled.table().contains("ms/step") && profiled.table().contains(Profile.Part.MODEL_FORWARD.label()),
                profiled.table());
        assertFalse(Profile.enabled(), "off afterwards");
        assertEquals(0, Profile.totalFlops(), "the sums are reset afterwards");
    }

    @Test
    void offNothingIsCharged() {
        Profile.reset();
        assertFalse(Profile.enabled());
        int previous = Profile.enter(Profile.Part.MODEL_FORWARD);
        NativeArray a = NativeArray.allocate(16);
        Blas.gemm(false, false, 4, 4, 4, 1f, a, 0, 4, a, 0, 4, 0f, NativeArray.allocate(16), 0, 4);
        Profile.exit(previous);
        assertEquals(new Profile.Sums(0, 0, 0, 0, 0), Profile.sums(Profile.Part.MODEL_FORWARD));
        assertEquals(0, Profile.totalFlops());
    }
}
