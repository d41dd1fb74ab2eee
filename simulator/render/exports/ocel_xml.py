"""OCEL 2.0 XML: the document of ``to_ocel2`` in the standard's XML layout.

``<log>`` holds ``object-types``, ``event-types``, ``objects`` and ``events``, in that order (the
standard's XML schema). Relationships are ``<relationship object-id=… qualifier=…/>`` inside an
``<objects>`` element, as in the specification's example and the files pm4py writes. Booleans
are ``1``/``0``, the XML format's spelling; other values are the JSON's strings (a character XML
cannot hold becomes U+FFFD).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

# characters XML 1.0 cannot hold at all, even escaped (a YAML "\x01" escape can put one in a text)
_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_value(text: str, kind: str) -> str:
    if kind == "boolean":
        return "1" if text == "true" else "0"
    return text


def _types(parent: ET.Element, tag: str, declared: list[dict]) -> None:
    for t in declared:
        node = ET.SubElement(parent, tag, {"name": t["name"]})
        attributes = ET.SubElement(node, "attributes")
        for a in t["attributes"]:
            ET.SubElement(attributes, "attribute", {"name": a["name"], "type": a["type"]})


def _relationships(parent: ET.Element, relationships: list[dict]) -> None:
    objects = ET.SubElement(parent, "objects")
    for r in relationships:
        ET.SubElement(objects, "relationship", {"object-id": r["objectId"], "qualifier": r["qualifier"]})


def to_xml_bytes(document: dict) -> bytes:
    """The OCEL 2.0 XML file of a ``to_ocel2`` document, UTF-8, indented, with its declaration."""
    object_kinds = {t["name"]: {a["name"]: a["type"] for a in t["attributes"]} for t in document["objectTypes"]}
    event_kinds = {t["name"]: {a["name"]: a["type"] for a in t["attributes"]} for t in document["eventTypes"]}
    log = ET.Element("log")
    _types(ET.SubElement(log, "object-types"), "object-type", document["objectTypes"])
    _types(ET.SubElement(log, "event-types"), "event-type", document["eventTypes"])
    objects = ET.SubElement(log, "objects")
    for obj in document["objects"]:
        node = ET.SubElement(objects, "object", {"id": obj["id"], "type": obj["type"]})
        attributes = ET.SubElement(node, "attributes")
        for a in obj["attributes"]:
            value = ET.SubElement(attributes, "attribute", {"name": a["name"], "time": a["time"]})
            value.text = xml_value(a["value"], object_kinds[obj["type"]][a["name"]])
        if obj["relationships"]:
            _relationships(node, obj["relationships"])
    events = ET.SubElement(log, "events")
    for event in document["events"]:
        node = ET.SubElement(events, "event", {"id": event["id"], "type": event["type"], "time": event["time"]})
        attributes = ET.SubElement(node, "attributes")
        for a in event["attributes"]:
            value = ET.SubElement(attributes, "attribute", {"name": a["name"]})
            value.text = xml_value(a["value"], event_kinds[event["type"]][a["name"]])
        _relationships(node, event["relationships"])
    for node in log.iter():
        node.attrib = {k: _NOT_XML.sub("\ufffd", v) for k, v in node.attrib.items()}
        if node.text:
            node.text = _NOT_XML.sub("\ufffd", node.text)
    ET.indent(log, space=" ")
    return ET.tostring(log, encoding="UTF-8", xml_declaration=True) + b"\n"
