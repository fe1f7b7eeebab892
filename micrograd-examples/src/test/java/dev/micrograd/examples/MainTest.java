package dev.micrograd.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class MainTest {
    @Test
    void helpListsTheCommands() {
        Run run = Run.of("--help");
        assertEquals(0, run.exitCode(), run::toString);
        for (String command : new String[] {"moons", "spiral", "lecture", "graph"}) {
            assertTrue(run.out().contains(command), () -> command + " missing from\n" + run);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"moons", "spiral", "lecture", "graph"})
    void everyCommandHasHelp(String command) {
        Run run = Run.of(command, "--help");
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("Usage: micrograd " + command), run::toString);
    }

    @Test
    void helpCommandWorksToo() {
        Run run = Run.of("help", "moons");
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("--batch-size"), run::toString);
    }

    @Test
    void noCommandIsAnError() {
        Run run = Run.of().assertRefused("Missing required command");
        assertTrue(run.err().contains("Usage: micrograd"), run::toString);
    }

    @Test
    void unknownCommandIsAnError() {
        Run.of("train").assertRefused("train");
    }

    @Test
    void versionIsPrinted() {
        Run run = Run.of("--version");
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().startsWith("micrograd "), run::toString);
    }
}
