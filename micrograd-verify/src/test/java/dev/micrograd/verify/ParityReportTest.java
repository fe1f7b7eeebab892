package dev.micrograd.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.micrograd.engine.Value;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The page's JSON: each node table's rows with their numbers, non-finite ones as null, and the page's verdict. */
class ParityReportTest {

    @Test
    void nodeTablesAreWrittenRowByRow() {
        Torch.assumeAvailable();
        Value x = Value.of(-1.0, "x");
        Value y = x.log().label("y");   // log(-1): NaN in both engines, no real truth
        ParityReport page = ParityReport.titled("t").add("p", Parity.check(y)).add("e", Exact.check(y));
        JsonObject json = JsonParser.parseString(page.json()).getAsJsonObject();
        JsonObject parity = json.getAsJsonArray("sections").get(0).getAsJsonObject();
        JsonObject exact = json.getAsJsonArray("sections").get(1).getAsJsonObject();
        assertEquals("parity", parity.get("kind").getAsString());
        JsonObject root = parity.getAsJsonArray("rows").get(1).getAsJsonObject();
        assertEquals("#1 y", root.get("node").getAsString());
        assertTrue(root.get("value").isJsonNull(), "NaN as null");
        assertEquals(0, root.get("valueUlps").getAsLong(), "NaN meets NaN: 0 ulps");
        assertTrue(root.get("valueAgrees").getAsBoolean());
        assertEquals("exact", exact.get("kind").getAsString());
        JsonObject truth = exact.getAsJsonArray("rows").get(1).getAsJsonObject();
        assertTrue(truth.get("valueUlps").isJsonNull(), "not judged: no real truth");
        assertFalse(truth.get("note").getAsString().isEmpty());
        assertTrue(json.get("passed").getAsBoolean());
    }

    @Test
    void aFailureMakesThePageFailAndATableKeepsItsColumns() {
        ParityReport page = ParityReport.titled("t").table("figures", "", List.of("figure", "value"),
                List.of(List.of("expressions", "3"))).failure("a test failed");
        JsonObject json = JsonParser.parseString(page.json()).getAsJsonObject();
        assertFalse(page.passed());
        assertFalse(json.get("passed").getAsBoolean());
        assertEquals("a test failed", json.getAsJsonArray("failures").get(0).getAsString());
        JsonObject row = json.getAsJsonArray("sections").get(0).getAsJsonObject().getAsJsonArray("rows").get(0)
                .getAsJsonObject();
        assertEquals("3", row.get("value").getAsString());
    }
}
