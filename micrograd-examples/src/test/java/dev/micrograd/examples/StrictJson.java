package dev.micrograd.examples;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;

/** Parses a whole text as exactly one JSON document (RFC 8259, strictly: no lenient extras, nothing after it). */
final class StrictJson {
    private StrictJson() {
    }

    static JsonObject object(String text) {
        try (JsonReader reader = new JsonReader(new StringReader(text))) {
            reader.setStrictness(Strictness.STRICT);
            JsonElement element = new Gson().getAdapter(JsonElement.class).read(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new AssertionError("more than one JSON document in:\n" + text);
            }
            return element.getAsJsonObject();
        } catch (IOException e) {
            throw new UncheckedIOException("not one JSON document:\n" + text, e);
        }
    }
}
