package dev.sharedschema.cli.release;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/** The reactor's modules as their pom.xml files declare them (no Maven model, just the XML). */
final class ReactorPoms {
  /** One module: where it is, what it is called, and whether it is published. */
  record Module(
      Path dir, String artifactId, String packaging, String moduleName, boolean published) {
    Path jar(String version, String suffix) {
      return dir.resolve("target").resolve(artifactId + "-" + version + suffix + ".jar");
    }
  }

  private ReactorPoms() {}

  static List<Module> modules(Path root) {
    List<Module> out = new ArrayList<>();
    for (Element m : children(child(read(root.resolve("pom.xml")), "modules"), "module")) {
      Path dir = root.resolve(m.getTextContent().trim());
      Element pom = read(dir.resolve("pom.xml"));
      Element props = child(pom, "properties");
      String packaging = text(pom, "packaging");
      out.add(
          new Module(
              dir,
              text(pom, "artifactId"),
              packaging == null ? "jar" : packaging,
              props == null ? null : text(props, "automatic.module.name"),
              props == null || !"true".equals(text(props, "sharedschema.unpublished"))));
    }
    return out;
  }

  static Element read(Path pom) {
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      Document d = f.newDocumentBuilder().parse(pom.toFile());
      return d.getDocumentElement();
    } catch (ParserConfigurationException | SAXException | IOException e) {
      throw new AssertionError("cannot read " + pom, e);
    }
  }

  static Element child(Element e, String name) {
    List<Element> all = children(e, name);
    return all.isEmpty() ? null : all.get(0);
  }

  static List<Element> children(Element e, String name) {
    List<Element> out = new ArrayList<>();
    if (e != null) {
      for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
        if (n instanceof Element c && c.getTagName().equals(name)) {
          out.add(c);
        }
      }
    }
    return out;
  }

  static String text(Element e, String name) {
    Element c = child(e, name);
    return c == null ? null : c.getTextContent().trim();
  }
}
