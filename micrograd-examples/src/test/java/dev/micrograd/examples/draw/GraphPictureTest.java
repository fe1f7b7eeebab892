package dev.micrograd.examples.draw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.micrograd.engine.LectureExamples;
import dev.micrograd.engine.Value;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * The pictures drawn without Graphviz: SVG that XML parsers accept, one record per value with the
 * lecture's texts ({@code label | data | grad}), one ellipse per operation, PNG of the same layout.
 * Nothing here runs a process, so no test needs Graphviz (the command tests also run with an empty
 * PATH).
 */
class GraphPictureTest {
    /** L = (a*b + c)*f of the lecture's 32:10, after backward: 7 values, 3 operations. */
    private static Value lectureL() {
        Value loss = LectureExamples.exampleOne().L();
        loss.backward();
        return loss;
    }

    private static Document parse(String svg) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new InputSource(new StringReader(svg)));
    }

    private static List<Element> groups(Document doc, String cls) {
        NodeList all = doc.getElementsByTagNameNS("*", "g");
        List<Element> found = new ArrayList<>();
        for (int i = 0; i < all.getLength(); i++) {
            Element g = (Element) all.item(i);
            if (cls.equals(g.getAttribute("class"))) {
                found.add(g);
            }
        }
        return found;
    }

    private static List<String> texts(Element group) {
        NodeList texts = group.getElementsByTagNameNS("*", "text");
        List<String> found = new ArrayList<>();
        for (int i = 0; i < texts.getLength(); i++) {
            found.add(texts.item(i).getTextContent());
        }
        return found;
    }

    @Test
    void theSvgHoldsOneRecordPerValueWithTheLecturesTexts() throws Exception {
        Document doc = parse(GraphPicture.of(lectureL()).svg());
        assertEquals("svg", doc.getDocumentElement().getLocalName());
        List<Element> records = groups(doc, "value");
        assertEquals(7, records.size());
        List<List<String>> cells = new ArrayList<>();
        for (Element r : records) {
            cells.add(texts(r));
        }
        // the numbers of the lecture's 32:10 (LECTURE.md): L = -8, dL/da = 6, dL/db = -4, ...
        assertTrue(cells.contains(List.of("a", "data 2.0000", "grad 6.0000")), cells::toString);
        assertTrue(cells.contains(List.of("b", "data -3.0000", "grad -4.0000")), cells::toString);
        assertTrue(cells.contains(List.of("e", "data -6.0000", "grad -2.0000")), cells::toString);
        assertTrue(cells.contains(List.of("L", "data -8.0000", "grad 1.0000")), cells::toString);
        List<String> ops = new ArrayList<>();
        for (Element op : groups(doc, "op")) {
            ops.addAll(texts(op));
        }
        ops.sort(null);
        assertEquals(List.of("*", "*", "+"), ops);
    }

    @Test
    void valuesAreLaidOutLeftToRight() throws Exception {
        // each operand's record ends left of its result's record: x = the record's first rectangle
        Value x = Value.of(0.5, "x");
        Value y = x.tanh().label("y");
        Value z = y.mul(2).label("z");
        Document doc = parse(GraphPicture.of(z).svg());
        List<Double> xs = new ArrayList<>();
        for (String label : List.of("x", "y", "z")) {
            for (Element r : groups(doc, "value")) {
                if (texts(r).get(0).equals(label)) {
                    Element text = (Element) r.getElementsByTagNameNS("*", "text").item(0);
                    xs.add(Double.parseDouble(text.getAttribute("x")));
                }
            }
        }
        assertEquals(3, xs.size(), xs::toString);
        assertTrue(xs.get(0) < xs.get(1) && xs.get(1) < xs.get(2), xs::toString);
    }

    @Test
    void aReusedValueIsOneRecordWithTwoEdges() throws Exception {
        // b = a + a of 1:22:28: two values, two edges into '+', one out of it
        Value a = Value.of(3.0, "a");
        Value b = a.add(a).label("b");
        b.backward();
        GraphPicture picture = GraphPicture.of(b);
        assertEquals(2, picture.values());
        Document doc = parse(picture.svg());
        assertEquals(2, groups(doc, "value").size());
        assertTrue(texts(groups(doc, "value").get(0)).contains("grad 2.0000")
                || texts(groups(doc, "value").get(1)).contains("grad 2.0000"));
    }

    @Test
    void thePngIsTheSameLayoutAtTwiceTheSize() throws IOException {
        GraphPicture picture = GraphPicture.of(lectureL());
        BufferedImage png = ImageIO.read(new ByteArrayInputStream(picture.png()));
        assertEquals(picture.width() * GraphPicture.PNG_SCALE, png.getWidth());
        assertEquals(picture.height() * GraphPicture.PNG_SCALE, png.getHeight());
        // seven records in a row of four layers: wider than tall, and a few hundred units wide
        assertTrue(picture.width() > 2 * picture.height(), picture.width() + "x" + picture.height());
        assertTrue(picture.width() > 400 && picture.width() < 2000, "width " + picture.width());
        // something is drawn: dark ink on the white ground
        int dark = 0;
        for (int y = 0; y < png.getHeight(); y++) {
            for (int x = 0; x < png.getWidth(); x++) {
                if ((png.getRGB(x, y) & 0xff) < 0x80) {
                    dark++;
                }
            }
        }
        assertTrue(dark > 1000, "dark pixels: " + dark);
    }

    @Test
    void aNeuronOfAnMlpIsDrawn() throws Exception {
        // one tanh neuron with 16 inputs: 16 inputs, 16 weights, the bias, the dot, the tanh = 35 values
        SplittableRandom rng = new SplittableRandom(1);
        List<Value> w = new ArrayList<>();
        List<Value> x = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            w.add(Value.of(rng.nextDouble(-1, 1), "w" + i));
            x.add(Value.of(rng.nextDouble(-1, 1), "x" + i));
        }
        Value out = Value.dot(w, x, Value.of(0.1, "b")).label("n").tanh().label("o");
        out.backward();
        GraphPicture picture = GraphPicture.of(out);
        assertEquals(35, picture.values());
        assertEquals(35, groups(parse(picture.svg()), "value").size());
    }

    @Test
    void pastTheLimitThePictureIsRefusedWithTheCount() {
        Value sum = Value.of(0.0, "s");
        for (int i = 0; i < GraphPicture.MAX_VALUES; i++) {
            sum = sum.add(1.0);   // each add makes a constant leaf and a sum: two values
        }
        Value big = sum;
        GraphTooLargeException e = assertThrows(GraphTooLargeException.class, () -> GraphPicture.of(big));
        assertEquals(1 + 2 * GraphPicture.MAX_VALUES, e.values());
        assertTrue(e.getMessage().contains("the graph has " + e.values() + " values; pictures are drawn for at most "
                + GraphPicture.MAX_VALUES), e.getMessage());
    }

    @Test
    void atTheLimitThePictureIsDrawn() {
        Value v = Value.of(1.0, "v");
        for (int i = 1; i < GraphPicture.MAX_VALUES; i++) {
            v = v.tanh();
        }
        assertEquals(GraphPicture.MAX_VALUES, GraphPicture.of(v).values());
    }
}
