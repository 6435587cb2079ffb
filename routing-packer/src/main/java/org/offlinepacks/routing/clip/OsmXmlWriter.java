package org.offlinepacks.routing.clip;

import com.graphhopper.reader.ReaderElement;
import com.graphhopper.reader.ReaderNode;
import com.graphhopper.reader.ReaderRelation;
import com.graphhopper.reader.ReaderWay;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/** Writes OSM XML 0.6, element by element, with tags in key order so that output is reproducible. */
final class OsmXmlWriter implements AutoCloseable {
    private final OutputStream out;
    private final XMLStreamWriter xml;

    private OsmXmlWriter(OutputStream out, XMLStreamWriter xml) {
        this.out = out;
        this.xml = xml;
    }

    static OsmXmlWriter create(Path file, Instant dataTimestamp) throws IOException {
        OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
        try {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeCharacters("\n");
            xml.writeStartElement("osm");
            xml.writeAttribute("version", "0.6");
            xml.writeAttribute("generator", "offline-packs routing clip");
            if (dataTimestamp != null) {
                xml.writeAttribute("timestamp", dataTimestamp.toString());
            }
            xml.writeCharacters("\n");
            return new OsmXmlWriter(out, xml);
        } catch (XMLStreamException e) {
            out.close();
            throw new IOException("cannot write " + file, e);
        }
    }

    void writeNode(ReaderNode node) {
        try {
            xml.writeStartElement("node");
            xml.writeAttribute("id", Long.toString(node.getId()));
            xml.writeAttribute("lat", coordinate(node.getLat()));
            xml.writeAttribute("lon", coordinate(node.getLon()));
            writeTags(node);
            xml.writeEndElement();
            xml.writeCharacters("\n");
        } catch (XMLStreamException e) {
            throw new UncheckedIOException(new IOException(e));
        }
    }

    void writeWay(ReaderWay way) {
        try {
            xml.writeStartElement("way");
            xml.writeAttribute("id", Long.toString(way.getId()));
            for (int i = 0; i < way.getNodes().size(); i++) {
                xml.writeEmptyElement("nd");
                xml.writeAttribute("ref", Long.toString(way.getNodes().get(i)));
            }
            writeTags(way);
            xml.writeEndElement();
            xml.writeCharacters("\n");
        } catch (XMLStreamException e) {
            throw new UncheckedIOException(new IOException(e));
        }
    }

    void writeRelation(ReaderRelation relation) {
        try {
            xml.writeStartElement("relation");
            xml.writeAttribute("id", Long.toString(relation.getId()));
            for (ReaderRelation.Member member : relation.getMembers()) {
                xml.writeEmptyElement("member");
                xml.writeAttribute("type", memberType(member.getType()));
                xml.writeAttribute("ref", Long.toString(member.getRef()));
                xml.writeAttribute("role", member.getRole() == null ? "" : member.getRole());
            }
            writeTags(relation);
            xml.writeEndElement();
            xml.writeCharacters("\n");
        } catch (XMLStreamException e) {
            throw new UncheckedIOException(new IOException(e));
        }
    }

    private void writeTags(ReaderElement element) throws XMLStreamException {
        for (Map.Entry<String, Object> tag : new TreeMap<>(element.getTags()).entrySet()) {
            xml.writeEmptyElement("tag");
            xml.writeAttribute("k", tag.getKey());
            xml.writeAttribute("v", String.valueOf(tag.getValue()));
        }
    }

    private static String memberType(ReaderElement.Type type) {
        return switch (type) {
            case NODE -> "node";
            case WAY -> "way";
            case RELATION -> "relation";
            default -> throw new IllegalArgumentException("not a member type: " + type);
        };
    }

    private static String coordinate(double degrees) {
        return BigDecimal.valueOf(degrees).toPlainString();
    }

    @Override
    public void close() throws IOException {
        try {
            xml.writeEndElement();
            xml.writeCharacters("\n");
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IOException(e);
        } finally {
            out.close();
        }
    }
}
