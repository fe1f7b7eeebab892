package dev.micrograd.verify;

import java.util.SplittableRandom;
import net.jqwik.api.AfterFailureMode;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * How a parity run is set up: its one seed, and optionally more tries for a deeper run.
 *
 * <ul>
 *   <li><b>Seed.</b> {@value #DEFAULT_SEED} unless {@code -Dparity.seed=N} gives another, or
 *       {@code -Dparity.seed=random} asks for a fresh one. A fixed default makes {@code mvn verify}
 *       check the same expressions and write the same report on every machine (PyTorch's own test
 *       suite seeds its random tests the same way); a random seed explores. Either way the seed is
 *       printed and goes in the report, so any run can be replayed. Every property and every random
 *       test of this module derives its randomness from it.</li>
 *   <li><b>Tries.</b> {@code -Dparity.tries=N} runs every property of the module with N tries
 *       instead of its own count: {@code -Dparity.seed=random -Dparity.tries=1000000} is a deep
 *       run.</li>
 * </ul>
 *
 * <p>As a jqwik hook ({@code @AddLifecycleHook(ParityRun.class)}) it gives each property this seed
 * (jqwik's own "rerun the previous failing seed" is switched off, so the seed on the command line
 * is the one that runs) and, if asked, the tries.
 */
public final class ParityRun implements AroundPropertyHook {
    /** The seed of a plain {@code mvn verify}. */
    public static final long DEFAULT_SEED = 20261127L;

    private static final long SEED = chooseSeed();
    private static final Integer TRIES = chooseTries();

    private static long chooseSeed() {
        String given = System.getProperty("parity.seed", "").trim();
        long seed;
        String origin;
        if (given.isEmpty()) {
            seed = DEFAULT_SEED;
            origin = "the default; -Dparity.seed=random explores";
        } else if (given.equalsIgnoreCase("random")) {
            seed = new SplittableRandom().nextLong();
            origin = "chosen at random";
        } else {
            try {
                seed = Long.parseLong(given);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("parity.seed must be a long or 'random', found '" + given + "'", e);
            }
            origin = "from -Dparity.seed";
        }
        System.out.println("micrograd-verify: parity seed " + seed + " (" + origin
                + "); replay with: mvn verify -pl micrograd-verify -am -Dparity.seed=" + seed);
        return seed;
    }

    private static Integer chooseTries() {
        String given = System.getProperty("parity.tries", "").trim();
        if (given.isEmpty()) {
            return null;
        }
        int tries;
        try {
            tries = Integer.parseInt(given);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("parity.tries must be a positive int, found '" + given + "'", e);
        }
        if (tries < 1) {
            throw new IllegalArgumentException("parity.tries must be a positive int, found " + tries);
        }
        System.out.println("micrograd-verify: every property runs " + tries + " tries (-Dparity.tries)");
        return tries;
    }

    /**
     * The tries a property runs in this run.
     *
     * @param declared the property's own count
     * @return {@code -Dparity.tries} if given, else {@code declared}
     */
    public static int tries(int declared) {
        return TRIES == null ? declared : TRIES;
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
        if (TRIES != null) {
            context.attributes().setTries(TRIES);
        }
        return property.execute();
    }

    @Override
    public int aroundPropertyProximity() {
        return -100; // outermost: before jqwik resolves the seed
    }
}
