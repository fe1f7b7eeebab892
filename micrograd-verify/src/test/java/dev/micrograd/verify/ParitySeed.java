package dev.micrograd.verify;

import java.util.SplittableRandom;
import net.jqwik.api.AfterFailureMode;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * The one seed of a test run: {@code -Dparity.seed=N} if given, else chosen at random and printed,
 * so that any run can be replayed. Every property and every random test of this module derives its
 * randomness from it.
 *
 * <p>As a jqwik hook ({@code @AddLifecycleHook(ParitySeed.class)}) it gives each property this seed
 * (jqwik's own "rerun the previous failing seed" is switched off, so the seed on the command line
 * is the one that runs).
 */
public final class ParitySeed implements AroundPropertyHook {
    private static final long SEED = chooseSeed();

    private static long chooseSeed() {
        String given = System.getProperty("parity.seed", "").trim();
        long seed;
        String origin;
        if (given.isEmpty()) {
            seed = new SplittableRandom().nextLong();
            origin = "chosen at random";
        } else {
            try {
                seed = Long.parseLong(given);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("parity.seed must be a long, found '" + given + "'", e);
            }
            origin = "from -Dparity.seed";
        }
        System.out.println("micrograd-verify: parity seed " + seed + " (" + origin
                + "); replay with: mvn verify -pl micrograd-verify -am -Dparity.seed=" + seed);
        return seed;
    }

    /** @return this run's seed */
    public static long seed() {
        return SEED;
    }

    @Override
    public PropagationMode propagateTo() {
        return PropagationMode.ALL_DESCENDANTS; // registered on a class, it must reach the properties
    }

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        context.attributes().setSeed(Long.toString(SEED));
        context.attributes().setAfterFailure(AfterFailureMode.RANDOM_SEED);
        return property.execute();
    }

    @Override
    public int aroundPropertyProximity() {
        return -100; // outermost: before jqwik resolves the seed
    }
}
