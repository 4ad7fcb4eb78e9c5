package io.meetkit.examples.plain;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * {@code io.meetkit:meetkit-bom} names every published MeetKit module (those without {@code maven.deploy.skip}) at the
 * reactor's version, and nothing else: it
 * has no parent (so importing it brings no Spring Boot or AWS versions along), so nothing else keeps it in step.
 */
class BomTest {

    static final Path ROOT = Path.of("../..");

    static Document xml(Path pom) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(pom.toFile());
    }

    static String child(Element e, String name) {
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c && c.getTagName().equals(name)) {
                return c.getTextContent().strip();
            }
        }
        return "";
    }

    @Test
    void bomListsEveryPublishedModuleAtTheReactorVersion() throws Exception {
        Element root = xml(ROOT.resolve("pom.xml")).getDocumentElement();
        String version = child(root, "version");
        List<String> published = new ArrayList<>();
        NodeList modules = root.getElementsByTagName("module");
        for (int i = 0; i < modules.getLength(); i++) {
            String module = modules.item(i).getTextContent().strip();
            if (module.startsWith("meeting-")) {
                Element pom = xml(ROOT.resolve(module).resolve("pom.xml")).getDocumentElement();
                assertThat(child(pom, "artifactId")).isEqualTo(module);
                NodeList skip = pom.getElementsByTagName("maven.deploy.skip");
                if (skip.getLength() == 0
                        || !skip.item(0).getTextContent().strip().equals("true")) {
                    published.add(module); // meeting-it (tests only) sets maven.deploy.skip
                }
            }
        }
        assertThat(published).contains("meeting-core", "meeting-jdbc", "meeting-spring-starter", "meeting-testkit");

        Element bom = xml(ROOT.resolve("meetkit-bom/pom.xml")).getDocumentElement();
        assertThat(child(bom, "groupId")).isEqualTo("io.meetkit");
        assertThat(child(bom, "artifactId")).isEqualTo("meetkit-bom");
        assertThat(child(bom, "version")).isEqualTo(version);
        assertThat(bom.getElementsByTagName("parent").getLength())
                .as("a parent's dependencyManagement would be imported with the BOM")
                .isZero();
        Map<String, String> managed = new LinkedHashMap<>();
        NodeList deps = bom.getElementsByTagName("dependency");
        for (int i = 0; i < deps.getLength(); i++) {
            Element d = (Element) deps.item(i);
            assertThat(child(d, "groupId")).isEqualTo("io.meetkit");
            managed.put(child(d, "artifactId"), child(d, "version"));
        }
        assertThat(managed.keySet()).containsExactlyInAnyOrderElementsOf(published);
        assertThat(managed.values()).containsOnly(version);
        assertThat(Files.readString(ROOT.resolve("README.md"))).contains("<artifactId>meetkit-bom</artifactId>");
    }
}
