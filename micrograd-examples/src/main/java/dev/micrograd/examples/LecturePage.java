package dev.micrograd.examples;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The lecture as one self-contained web page: each chapter's time and title, its Java code, what
 * it printed and its graph pictures, with the styles and the SVG pictures inline, so the page
 * needs no network and no other file.
 *
 * <p>The code shown is cut from the chapter class's own source file, which the build ships as a
 * resource next to the compiled class: a chapter's code runs from its {@code chapter("time", ...)}
 * call to the next such call or the end of its method.
 */
final class LecturePage {
    /** A chapter's start in the source: {@code chapter("1:09:02", "...");}. */
    private static final Pattern CHAPTER_CALL = Pattern.compile("^\\s*chapter\\(\"([^\"]+)\",");
    /** The end of a method of the chapter class (members are indented by four spaces). */
    private static final String METHOD_END = "    }";

    /**
     * A chapter as it ran.
     *
     * @param time the lecture's timestamp, such as {@code 1:09:02}
     * @param title the chapter's title
     * @param lines what it printed, in order (filled while it runs)
     * @param graphs its graphs, in order (filled while it runs)
     */
    record Chapter(String time, String title, List<String> lines, List<Picture> graphs) {
        Chapter(String time, String title) {
            this(time, title, new ArrayList<>(), new ArrayList<>());
        }
    }

    /**
     * A chapter's graph: its SVG element, or why there is none.
     *
     * @param name the graph's file name without extension
     * @param svg the picture, or null when the graph was too large to draw
     * @param note why there is no picture, or null
     */
    record Picture(String name, String svg, String note) {
    }

    private LecturePage() {
    }

    /**
     * The source file shipped beside a class: {@code Name.java} in the class's package.
     *
     * @param type the class
     * @return its source text
     * @throws IllegalStateException if the build did not ship the source
     */
    static String source(Class<?> type) {
        String name = type.getSimpleName() + ".java";
        try (InputStream in = type.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("expected the source " + name + " beside " + type.getName()
                        + " on the class path (the build copies it there), found none");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the source " + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * Each chapter's code, cut from the source: from the line after its {@code chapter(...)} call
     * to the next call or the end of the method, blank edges dropped and common indentation removed.
     *
     * @param source the chapter class's source text
     * @return the code by chapter time, in source order
     */
    static Map<String, String> chapterSources(String source) {
        Map<String, String> code = new LinkedHashMap<>();
        String time = null;
        List<String> body = new ArrayList<>();
        for (String line : source.split("\\R", -1)) {
            Matcher call = CHAPTER_CALL.matcher(line);
            boolean starts = call.find();
            if (time != null && (starts || line.equals(METHOD_END))) {
                code.put(time, dedent(body));
                time = null;
            }
            if (starts) {
                time = call.group(1);
                body.clear();
            } else if (time != null) {
                body.add(line);
            }
        }
        return code;
    }

    /**
     * Members of the chapter class that the chapters call, cut from the source: each from its
     * first line (the one starting with one of {@code starts}, after the indentation) to its
     * closing brace at member indentation.
     *
     * @param source the chapter class's source text
     * @param starts how each member's declaration begins, such as {@code "static String num("}
     * @return the members' code, in source order
     * @throws IllegalArgumentException if a member is not found
     */
    static String members(String source, List<String> starts) {
        List<String> lines = List.of(source.split("\\R", -1));
        StringBuilder out = new StringBuilder();
        for (String start : starts) {
            int from = -1;
            for (int i = 0; i < lines.size() && from < 0; i++) {
                if (lines.get(i).startsWith("    " + start)) {
                    from = i;
                }
            }
            if (from < 0) {
                throw new IllegalArgumentException("expected a member starting with '" + start + "' in the source, "
                        + "found none");
            }
            int to = from;
            while (to < lines.size() && !lines.get(to).equals(METHOD_END)) {
                to++;
            }
            if (out.length() > 0) {
                out.append('\n');
            }
            out.append(dedent(lines.subList(from, Math.min(to + 1, lines.size()))));
        }
        return out.toString();
    }

    private static String dedent(List<String> lines) {
        int from = 0;
        int to = lines.size();
        while (from < to && lines.get(from).isBlank()) {
            from++;
        }
        while (to > from && lines.get(to - 1).isBlank()) {
            to--;
        }
        int indent = Integer.MAX_VALUE;
        for (String line : lines.subList(from, to)) {
            if (!line.isBlank()) {
                indent = Math.min(indent, line.length() - line.stripLeading().length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String line : lines.subList(from, to)) {
            out.append(line.isBlank() ? "" : line.substring(indent)).append('\n');
        }
        return out.toString();
    }

    /**
     * Writes the page.
     *
     * @param file the HTML file
     * @param chapters the chapters as they ran
     * @param code each chapter's code by time, from {@link #chapterSources(String)}
     * @param helpers the code of what the chapters call, from {@link #members(String, List)}
     * @return {@code file}
     * @throws IllegalArgumentException if a chapter has no code
     * @throws IOException if the file cannot be written
     */
    static Path write(Path file, List<Chapter> chapters, Map<String, String> code, String helpers)
            throws IOException {
        byte[] page = html(chapters, code, helpers).getBytes(StandardCharsets.UTF_8);
        return OutputFiles.write(file, out -> out.write(page));
    }

    /**
     * The page's HTML text.
     *
     * @param chapters the chapters as they ran
     * @param code each chapter's code by time
     * @param helpers the code of what the chapters call
     * @return a complete HTML document
     * @throws IllegalArgumentException if a chapter has no code
     */
    static String html(List<Chapter> chapters, Map<String, String> code, String helpers) {
        StringBuilder h = new StringBuilder(64 * 1024);
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>Building micrograd, in Java</title>\n<style>\n").append(STYLE).append("</style>\n")
                .append("</head>\n<body>\n<main>\n")
                .append("<h1>Building micrograd, in Java</h1>\n")
                .append("<p class=\"lead\">Andrej Karpathy's lecture <cite>The spelled-out intro to neural networks ")
                .append("and backpropagation: building micrograd</cite>, chapter by chapter, with micrograd for Java. ")
                .append("Each chapter shows the Java code that ran, what it printed and the graph it drew ")
                .append("(each value a record <em>label | data | grad</em>, each operation a small oval). ")
                .append("Written by <code>micrograd lecture --html</code>.</p>\n");
        h.append("<nav><ol>\n");
        for (Chapter c : chapters) {
            h.append("<li><a href=\"#").append(anchor(c.time())).append("\"><span class=\"time\">")
                    .append(escape(c.time())).append("</span> ").append(escape(c.title())).append("</a></li>\n");
        }
        h.append("</ol></nav>\n");
        for (Chapter c : chapters) {
            String source = code.get(c.time());
            if (source == null) {
                throw new IllegalArgumentException("expected the code of chapter " + c.time() + " in the source, "
                        + "found chapters " + code.keySet());
            }
            h.append("<section class=\"chapter\" id=\"").append(anchor(c.time())).append("\">\n")
                    .append("<h2><span class=\"time\">").append(escape(c.time())).append("</span> ")
                    .append(escape(c.title())).append("</h2>\n");
            h.append("<div class=\"label\">Java</div>\n<pre class=\"code\"><code>").append(escape(source))
                    .append("</code></pre>\n");
            h.append("<div class=\"label\">Output</div>\n<pre class=\"out\">");
            for (String line : c.lines()) {
                h.append(escape(line)).append('\n');
            }
            h.append("</pre>\n");
            for (Picture p : c.graphs()) {
                h.append("<figure>\n");
                if (p.svg() != null) {
                    h.append("<div class=\"graph\">").append(inline(p.svg())).append("</div>\n");
                } else {
                    h.append("<p class=\"note\">No picture: ").append(escape(p.note())).append(".</p>\n");
                }
                h.append("<figcaption>").append(escape(p.name())).append("</figcaption>\n</figure>\n");
            }
            h.append("</section>\n");
        }
        h.append("<section class=\"helpers\" id=\"helpers\">\n<h2>What the chapters call</h2>\n")
                .append("<p>The chapters print with <code>say</code>, draw with <code>graph</code> and format numbers ")
                .append("with these; the lecture's neuron is built by hand once and reused.</p>\n")
                .append("<pre class=\"code\"><code>").append(escape(helpers)).append("</code></pre>\n</section>\n");
        h.append("</main>\n</body>\n</html>\n");
        return h.toString();
    }

    /**
     * An SVG element ready for HTML: inline SVG needs no namespace declarations, and without them
     * the page names no outside address at all.
     */
    private static String inline(String svg) {
        return svg.replaceAll(" xmlns(:\\w+)?='[^']*'", "").replaceAll(" xmlns(:\\w+)?=\"[^\"]*\"", "");
    }

    private static String anchor(String time) {
        return "t" + time.replace(':', '-');
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static final String STYLE = """
            body { margin: 0; background: #fdfdfb; color: #222;
                   font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; }
            main { max-width: 60rem; margin: 0 auto; padding: 1.5rem 1.25rem 4rem; }
            h1 { font-size: 1.9rem; margin: 0.5rem 0; }
            .lead { color: #444; }
            nav ol { columns: 2; padding-left: 1.5rem; font-size: 0.95rem; }
            nav a { color: #1a4f8a; text-decoration: none; }
            nav a:hover { text-decoration: underline; }
            .chapter, .helpers { border-top: 1px solid #ddd; margin-top: 2rem; padding-top: 0.5rem; }
            h2 { font-size: 1.3rem; }
            .time { display: inline-block; min-width: 4.2rem; color: #8a5a00;
                    font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 0.9em; }
            .label { font-size: 0.75rem; text-transform: uppercase; letter-spacing: 0.08em; color: #777;
                     margin-top: 0.8rem; }
            pre { margin: 0.2rem 0 0; padding: 0.7rem 0.9rem; overflow-x: auto; border-radius: 4px;
                  font: 13px/1.45 ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; }
            pre.code { background: #f3f5f8; border: 1px solid #dfe4ea; }
            pre.out { background: #222; color: #e8e8e0; }
            figure { margin: 1rem 0 0; }
            .graph { overflow-x: auto; border: 1px solid #e4e4e4; background: #fff; padding: 4px; }
            .graph svg { display: block; max-width: none; }
            figcaption { font-size: 0.8rem; color: #777; margin-top: 0.2rem; }
            .note { background: #fff7e0; border: 1px solid #ecd9a0; padding: 0.5rem 0.8rem; border-radius: 4px; }
            """;
}
