//! A small XML tree for the patch step: a part that `docx-rs` rendered is
//! parsed (with quick-xml), rewritten in place and serialized again.
//! Attribute values and text stay escaped exactly as they were read, so a
//! round trip changes nothing but what the patch changes.

use quick_xml::Reader;
use quick_xml::events::Event;

/// A node: an element or a piece of (escaped) character data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    Element(Element),
    /// Character data as it appears in the file: escaped.
    Text(String),
}

/// An element with its qualified name (`w:p`), attributes (values escaped)
/// and children.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Element {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub children: Vec<Node>,
}

impl Element {
    pub fn new(name: &str) -> Self {
        Element {
            name: name.to_string(),
            attrs: Vec::new(),
            children: Vec::new(),
        }
    }

    /// Adds an attribute; `value` is plain text and gets escaped.
    pub fn with_attr(mut self, key: &str, value: &str) -> Self {
        self.set_attr(key, value);
        self
    }

    /// Adds a child element.
    pub fn with_child(mut self, child: Element) -> Self {
        self.children.push(Node::Element(child));
        self
    }

    /// Adds plain text (escaped here).
    pub fn with_text(mut self, text: &str) -> Self {
        self.children.push(Node::Text(escape(text)));
        self
    }

    /// The escaped value of an attribute.
    pub fn attr(&self, key: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// Sets an attribute; `value` is plain text and gets escaped.
    pub fn set_attr(&mut self, key: &str, value: &str) {
        let value = escape(value);
        match self.attrs.iter_mut().find(|(k, _)| k == key) {
            Some((_, v)) => *v = value,
            None => self.attrs.push((key.to_string(), value)),
        }
    }

    pub fn remove_attr(&mut self, key: &str) {
        self.attrs.retain(|(k, _)| k != key);
    }

    /// The child elements.
    pub fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|n| match n {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    /// The child elements, mutable.
    pub fn elements_mut(&mut self) -> impl Iterator<Item = &mut Element> {
        self.children.iter_mut().filter_map(|n| match n {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    /// The first child element called `name`.
    #[cfg_attr(not(test), allow(dead_code))]
    pub fn child(&self, name: &str) -> Option<&Element> {
        self.elements().find(|e| e.name == name)
    }

    /// The first child element called `name`, mutable.
    pub fn child_mut(&mut self, name: &str) -> Option<&mut Element> {
        self.elements_mut().find(|e| e.name == name)
    }

    /// The first child called `name`, created (at `at`, or at the end) when absent.
    pub fn ensure_child(&mut self, name: &str, at: Option<usize>) -> &mut Element {
        let index = match self.children.iter().position(|n| is_named(n, name)) {
            Some(i) => i,
            None => {
                let i = at.unwrap_or(self.children.len()).min(self.children.len());
                self.children.insert(i, Node::Element(Element::new(name)));
                i
            }
        };
        match &mut self.children[index] {
            Node::Element(e) => e,
            Node::Text(_) => unreachable!("the index points at an element"),
        }
    }

    /// Calls `f` on this element and every element below it, parents first.
    pub fn walk_mut(&mut self, f: &mut impl FnMut(&mut Element)) {
        f(self);
        for child in self.elements_mut() {
            child.walk_mut(f);
        }
    }

    /// Calls `f` on this element and every element below it, parents first.
    pub fn walk(&self, f: &mut impl FnMut(&Element)) {
        f(self);
        for child in self.elements() {
            child.walk(f);
        }
    }

    /// The unescaped text of this element and its descendants.
    #[cfg_attr(not(test), allow(dead_code))]
    pub fn text(&self) -> String {
        let mut out = String::new();
        for n in &self.children {
            match n {
                Node::Text(t) => out.push_str(&unescape(t)),
                Node::Element(e) => out.push_str(&e.text()),
            }
        }
        out
    }
}

fn is_named(n: &Node, name: &str) -> bool {
    matches!(n, Node::Element(e) if e.name == name)
}

/// Parses a part into its root element (the declaration is dropped;
/// `serialize` writes a standard one).
pub fn parse(bytes: &[u8]) -> Result<Element, String> {
    let text = std::str::from_utf8(bytes).map_err(|e| format!("geen UTF-8: {e}"))?;
    let mut reader = Reader::from_str(text);
    let mut stack: Vec<Element> = vec![Element::new("#document")];
    let utf8 = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    loop {
        let event = reader
            .read_event()
            .map_err(|e| format!("XML-fout bij byte {}: {e}", reader.buffer_position()))?;
        match event {
            Event::Start(s) => stack.push(start(&s)?),
            Event::Empty(s) => {
                let e = start(&s)?;
                push(&mut stack, Node::Element(e));
            }
            Event::End(_) => {
                let e = stack.pop().ok_or("onverwachte eindtag")?;
                if stack.is_empty() {
                    return Err("onverwachte eindtag".into());
                }
                push(&mut stack, Node::Element(e));
            }
            Event::Text(t) => push(&mut stack, Node::Text(utf8(&t))),
            Event::GeneralRef(r) => push(&mut stack, Node::Text(format!("&{};", utf8(&r)))),
            Event::CData(c) => push(&mut stack, Node::Text(escape(&utf8(&c)))),
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) | Event::DocType(_) => {}
            Event::Eof => break,
        }
    }
    let document = match stack.len() {
        1 => stack.pop().expect("one element on the stack"),
        _ => return Err("onvolledig XML-document".into()),
    };
    document
        .children
        .into_iter()
        .find_map(|n| match n {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
        .ok_or_else(|| "leeg XML-document".to_string())
}

fn start(s: &quick_xml::events::BytesStart) -> Result<Element, String> {
    let mut e = Element::new(&String::from_utf8_lossy(s.name().as_ref()));
    for a in s.attributes() {
        let a = a.map_err(|e| format!("ongeldig attribuut: {e}"))?;
        e.attrs.push((
            String::from_utf8_lossy(a.key.as_ref()).into_owned(),
            String::from_utf8_lossy(&a.value).into_owned(),
        ));
    }
    Ok(e)
}

fn push(stack: &mut [Element], node: Node) {
    if let Some(parent) = stack.last_mut() {
        // Merge adjacent text (quick-xml splits text at entity references).
        if let (Node::Text(t), Some(Node::Text(prev))) = (&node, parent.children.last_mut()) {
            prev.push_str(t);
            return;
        }
        parent.children.push(node);
    }
}

/// Serializes a root element with the standard declaration.
pub fn serialize(root: &Element) -> Vec<u8> {
    let mut out = String::with_capacity(64 * 1024);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n");
    write(&mut out, root);
    out.into_bytes()
}

fn write(out: &mut String, e: &Element) {
    out.push('<');
    out.push_str(&e.name);
    for (k, v) in &e.attrs {
        out.push(' ');
        out.push_str(k);
        out.push_str("=\"");
        out.push_str(v);
        out.push('"');
    }
    if e.children.is_empty() {
        out.push_str("/>");
        return;
    }
    out.push('>');
    for n in &e.children {
        match n {
            Node::Element(c) => write(out, c),
            Node::Text(t) => out.push_str(t),
        }
    }
    out.push_str("</");
    out.push_str(&e.name);
    out.push('>');
}

/// Whether XML 1.0 can carry the character at all.
pub fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{FFFE}' && c != '\u{FFFF}')
}

/// Escapes text for use in character data and (double-quoted) attribute
/// values; characters XML cannot carry are left out.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().filter(|c| xml_char(*c)) {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

/// Undoes `escape` and the other predefined and numeric references.
pub fn unescape(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let Some(end) = tail.find(';') else {
            out.push_str(tail);
            return out;
        };
        let name = &tail[1..end];
        let decoded = match name {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            n if n.starts_with("#x") => u32::from_str_radix(&n[2..], 16)
                .ok()
                .and_then(char::from_u32),
            n if n.starts_with('#') => n[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        };
        match decoded {
            Some(c) => out.push(c),
            None => out.push_str(&tail[..=end]),
        }
        rest = &tail[end + 1..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_keeps_escapes() {
        let src = r#"<?xml version="1.0"?><w:document xmlns:w="x"><w:p a="1 &amp; &quot;2&quot;"><w:t xml:space="preserve">a &lt; b &amp; c</w:t><w:br/></w:p></w:document>"#;
        let root = parse(src.as_bytes()).unwrap();
        assert_eq!(root.name, "w:document");
        let p = root.child("w:p").unwrap();
        assert_eq!(p.attr("a"), Some("1 &amp; &quot;2&quot;"));
        assert_eq!(p.text(), "a < b & c");
        let out = String::from_utf8(serialize(&root)).unwrap();
        assert!(out.ends_with(r#"<w:document xmlns:w="x"><w:p a="1 &amp; &quot;2&quot;"><w:t xml:space="preserve">a &lt; b &amp; c</w:t><w:br/></w:p></w:document>"#), "{out}");
    }

    #[test]
    fn unescape_numeric() {
        assert_eq!(unescape("&#x2713; &#8212; &bogus;"), "✓ — &bogus;");
    }
}
