package dev.micrograd.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code micrograd lecture --html FILE}: one page that a browser reads without network, each
 * chapter with its time, title, code, output and picture.
 */
class LecturePageTest {
    @TempDir
    static Path tmp;

    static Run run;
    static String html;
    static Document page;

    /** The chapters of LECTURE.md's table, in order. */
    private static final List<String> TIMES = List.of("00:25", "08:08", "14:12", "19:09", "32:10", "51:10",
            "52:52", "1:09:02", "1:17:32", "1:22:28", "1:27:05", "1:39:31", "1:43:55", "1:51:04", "1:57:56",
            "2:01:12", "2:14:03", "2:16:46", "2:21:10");

    /** The chapters that draw a graph: the lecture's draw_dot calls. */
    private static final List<String> WITH_PICTURE = List.of("00:25", "19:09", "32:10", "1:17:32", "1:22:28",
            "1:27:05", "1:43:55");

    @BeforeAll
    static void writeThePage() throws IOException {
        Path file = tmp.resolve("page/lecture.html");
        run = Run.of("lecture", "--out", tmp.resolve("out").toString(), "--html", file.toString());
        assertEquals(0, run.exitCode(), run::toString);
        html = Files.readString(file);
        page = Jsoup.parse(html);
    }

    private static Element chapter(String time) {
        Element section = page.getElementById("t" + time.replace(':', '-'));
        assertTrue(section != null, "chapter " + time);
        return section;
    }

    @Test
    void everyChapterIsThereInOrderWithItsTimeAndTitle() {
        Elements sections = page.select("section.chapter");
        assertEquals(TIMES.size(), sections.size());
        for (int i = 0; i < TIMES.size(); i++) {
            assertEquals(TIMES.get(i), sections.get(i).selectFirst("h2 .time").text());
            assertFalse(sections.get(i).selectFirst("h2").text().replace(TIMES.get(i), "").isBlank());
        }
        assertEquals(TIMES.size(), page.select("nav li a[href^=#t]").size());
    }

    @Test
    void eachChapterWithAGraphHasItsPictureInline() {
        for (String time : TIMES) {
            Elements svgs = chapter(time).select("div.graph > svg");
            if (WITH_PICTURE.contains(time)) {
                assertFalse(svgs.isEmpty(), "a picture in " + time);
                assertFalse(svgs.first().select("g.value").isEmpty(), "records in " + time);
            } else {
                assertTrue(svgs.isEmpty(), "no picture in " + time);
            }
        }
        // 32:10 draws L after backward: a's record shows dL/da = 6
        assertTrue(chapter("32:10").select("g.value text").eachText().contains("grad 6.0000"));
        // 1:51:04's loss over four examples is past the picture limit: a note instead
        assertTrue(chapter("1:51:04").selectFirst("p.note").text().contains("138 values"), html);
    }

    @Test
    void theOutputIsWhatTheCommandPrinted() {
        assertEquals("o = tanh(n) = 0.7071", chapter("52:52").selectFirst("pre.out").text().lines()
                .filter(l -> l.startsWith("o = ")).findFirst().orElse(""));
        for (String time : TIMES) {
            for (String line : chapter(time).selectFirst("pre.out").wholeText().lines().toList()) {
                assertTrue(run.outLines().contains(line), "printed by the command: " + line);
            }
        }
        assertTrue(chapter("32:10").selectFirst("pre.out").text().contains("dL/da = 6"));
    }

    @Test
    void theCodeShownIsTheCompiledSource() throws IOException {
        String source = Files.readString(Path.of("src/main/java/dev/micrograd/examples/LectureCommand.java"));
        assertEquals(source, LecturePage.source(LectureCommand.class), "the shipped source is the compiled file");
        Map<String, String> code = LecturePage.chapterSources(source);
        assertEquals(TIMES, List.copyOf(code.keySet()));
        for (String time : TIMES) {
            String shown = chapter(time).selectFirst("pre.code").wholeText();
            assertEquals(code.get(time), shown, time);
            for (String line : shown.lines().toList()) {
                assertTrue(source.contains(line.strip()), "from the source: " + line);
            }
        }
        assertTrue(code.get("32:10").contains("loss.backward();"), code.get("32:10"));
        assertTrue(code.get("00:25").contains("Value d = a.mul(b).add(b.pow(3));"), code.get("00:25"));

        // what the chapters call is shown too, whole: NeuronByHand from its declaration to its last field
        String helpers = page.getElementById("helpers").selectFirst("pre.code").wholeText();
        assertTrue(helpers.startsWith("static final class NeuronByHand {"), helpers);
        assertTrue(helpers.contains("final Value b = Value.of(6.8813735870195432, \"b\");"), helpers);
        assertTrue(helpers.contains("private static String f4(double x) {"), helpers);
        assertTrue(helpers.contains("static String num(double x) {"), "Decimals.num, which the chapters call");
        String decimals = Files.readString(Path.of("src/main/java/dev/micrograd/examples/Decimals.java"));
        for (String line : helpers.lines().toList()) {
            assertTrue(source.contains(line.strip()) || decimals.contains(line.strip()), "from the source: " + line);
        }
    }

    @Test
    void thePageNeedsNothingFromOutside() {
        assertFalse(html.contains("http:") || html.contains("https:") || html.contains("//www."),
                "no address of any kind");
        assertTrue(page.select("link, script, img, iframe, object, embed").isEmpty());
        assertTrue(page.select("[src]").isEmpty());
        for (Element a : page.select("[href]")) {
            assertTrue(a.attr("href").startsWith("#"), a.outerHtml());
        }
        assertFalse(html.contains("url("), "no fetched resource in the styles");
        assertEquals(1, page.select("head style").size());
    }

    @Test
    void aChapterWithoutCodeIsAnError() {
        List<LecturePage.Chapter> chapters = List.of(new LecturePage.Chapter("9:99", "missing"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LecturePage.html(chapters, Map.of("00:25", "x"), ""));
        assertTrue(e.getMessage().contains("expected the code of chapter 9:99"), e.getMessage());
    }

    @Test
    void aFolderIsNotAPageFile() {
        Run bad = Run.of("lecture", "--out", tmp.resolve("o2").toString(), "--html", tmp.toString());
        assertEquals(2, bad.exitCode(), bad::toString);
        assertTrue(bad.err().contains("is a folder, expected a file name"), bad::toString);
    }
}
