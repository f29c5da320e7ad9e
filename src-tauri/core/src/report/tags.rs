//! The report's logical structure for assistive technology (a *tagged PDF*, ISO 32000-1
//! §14.7–14.8): a tree of structure elements — headings, paragraphs, tables with header and
//! data cells, lists, figures with alternative text — whose leaves are the marked-content
//! sequences (`BDC … EMC` with an MCID) the layout wraps around the text it draws. Page
//! furniture (headers, footers, repeated table headers, rules and fills) is marked as
//! `/Artifact`, so screen readers skip it. The tree is written into the saved document as a
//! `StructTreeRoot` with its `ParentTree`, and the catalogue says `MarkInfo /Marked true` and the
//! document's language.

use lopdf::{dictionary, Document, Object, ObjectId, StringFormat};

/// The standard structure types the report uses (ISO 32000-1, §14.8.4).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Role {
    /// The whole report.
    Document,
    /// A section's title.
    H1,
    /// A heading inside a section.
    H2,
    /// A heading under an `H2`.
    H3,
    /// A paragraph, or one line of text that stands alone.
    P,
    /// A table; its rows are `TR`.
    Table,
    /// A table row; its cells are `TH` or `TD`.
    TR,
    /// A column header cell.
    TH,
    /// A data cell.
    TD,
    /// A list of `LI`.
    L,
    /// A list item.
    LI,
    /// A chart, with its data in words as alternative text.
    Figure(String),
}

impl Role {
    fn name(&self) -> &'static str {
        match self {
            Role::Document => "Document",
            Role::H1 => "H1",
            Role::H2 => "H2",
            Role::H3 => "H3",
            Role::P => "P",
            Role::Table => "Table",
            Role::TR => "TR",
            Role::TH => "TH",
            Role::TD => "TD",
            Role::L => "L",
            Role::LI => "LI",
            Role::Figure(_) => "Figure",
        }
    }

    /// Whether text drawn while this element is the innermost open one belongs to it;
    /// otherwise each line gets a paragraph of its own under it.
    fn holds_text(&self) -> bool {
        !matches!(self, Role::Document | Role::Table | Role::TR | Role::L)
    }
}

#[derive(Debug)]
enum Kid {
    Element(usize),
    /// A marked-content sequence: the page's index and its MCID there.
    Content(usize, u32),
}

#[derive(Debug)]
struct Element {
    role: Role,
    parent: usize,
    kids: Vec<Kid>,
}

/// What one piece of drawn content is, for the marked content around it.
pub(crate) enum Mark {
    /// Content of structure element … with this MCID: `/<role> <</MCID n>> BDC`.
    Tagged(&'static str, u32),
    /// Page furniture: `/Artifact BMC`.
    Artifact,
    /// Inside a figure, whose one marked-content sequence already holds it.
    InFigure,
}

/// The structure tree being built while the report is laid out.
#[derive(Debug)]
pub(crate) struct Tags {
    elements: Vec<Element>,
    /// The open elements, innermost last; the document is always open.
    open: Vec<usize>,
    /// The next MCID of each page.
    next_mcid: Vec<u32>,
    /// While above zero, what is drawn is page furniture.
    artifact: u32,
    /// The figure being drawn, if any.
    figure: Option<usize>,
}

impl Tags {
    /// A tree holding only the document element.
    pub(crate) fn new() -> Tags {
        Tags {
            elements: vec![Element {
                role: Role::Document,
                parent: 0,
                kids: Vec::new(),
            }],
            open: vec![0],
            next_mcid: Vec::new(),
            artifact: 0,
            figure: None,
        }
    }

    fn top(&self) -> usize {
        self.open.last().copied().unwrap_or(0)
    }

    /// Opens an element of `role` inside the innermost open one and returns its index (to
    /// [`Tags::enter`] it again later, as a table cell split across pages is).
    pub(crate) fn open(&mut self, role: Role) -> usize {
        let parent = self.top();
        self.elements.push(Element {
            role,
            parent,
            kids: Vec::new(),
        });
        let id = self.elements.len() - 1;
        self.elements[parent].kids.push(Kid::Element(id));
        self.open.push(id);
        id
    }

    /// Makes element `id` (made earlier by [`Tags::open`]) the innermost open one again.
    pub(crate) fn enter(&mut self, id: usize) {
        self.open.push(id);
    }

    /// Closes the innermost open element (never the document).
    pub(crate) fn close(&mut self) {
        if self.open.len() > 1 {
            self.open.pop();
        }
    }

    /// Starts (`true`) or ends page furniture; nests.
    pub(crate) fn furniture(&mut self, on: bool) {
        if on {
            self.artifact += 1;
        } else {
            self.artifact = self.artifact.saturating_sub(1);
        }
    }

    /// Whether shapes drawn now are page furniture (they are, outside figures).
    pub(crate) fn shapes_are_furniture(&self) -> bool {
        self.figure.is_none()
    }

    fn mcid(&mut self, element: usize, page: usize) -> u32 {
        if self.next_mcid.len() <= page {
            self.next_mcid.resize(page + 1, 0);
        }
        let mcid = self.next_mcid[page];
        self.next_mcid[page] += 1;
        self.elements[element].kids.push(Kid::Content(page, mcid));
        mcid
    }

    /// The mark for a line of text drawn now on page `page`: the innermost open element's, a
    /// new paragraph's when that element holds no text itself, or an artifact's.
    pub(crate) fn text(&mut self, page: usize) -> Mark {
        if self.figure.is_some() {
            return Mark::InFigure;
        }
        if self.artifact > 0 {
            return Mark::Artifact;
        }
        let element = if self.elements[self.top()].role.holds_text() {
            self.top()
        } else {
            let p = self.open(Role::P);
            self.close();
            p
        };
        let role = self.elements[element].role.name();
        Mark::Tagged(role, self.mcid(element, page))
    }

    /// Opens a figure with `alt` as its alternative text, on page `page`; everything drawn
    /// until [`Tags::end_figure`] is its content. Returns its MCID.
    pub(crate) fn begin_figure(&mut self, alt: &str, page: usize) -> u32 {
        let figure = self.open(Role::Figure(alt.to_owned()));
        self.close();
        self.figure = Some(figure);
        self.mcid(figure, page)
    }

    /// Ends the figure begun last.
    pub(crate) fn end_figure(&mut self) {
        self.figure = None;
    }

    /// How many elements the document holds so far (see [`Tags::read_first_from`]).
    pub(crate) fn document_length(&self) -> usize {
        self.elements[0].kids.len()
    }

    /// Moves the document's elements from the `from`-th on to the front of the reading order
    /// (the cover, laid out last because it lists the other pages, is read first).
    pub(crate) fn read_first_from(&mut self, from: usize) {
        let kids = &mut self.elements[0].kids;
        let from = from.min(kids.len());
        kids.rotate_left(from);
    }

    /// The pages were reordered: the last page became the first (the cover).
    pub(crate) fn move_last_page_to_front(&mut self, pages: usize) {
        if pages == 0 {
            return;
        }
        let last = pages - 1;
        for element in &mut self.elements {
            for kid in &mut element.kids {
                if let Kid::Content(page, _) = kid {
                    *page = if *page == last { 0 } else { *page + 1 };
                }
            }
        }
        if self.next_mcid.len() < pages {
            self.next_mcid.resize(pages, 0);
        }
        self.next_mcid[..pages].rotate_right(1);
    }

    /// Writes the tree into `doc`, whose pages are in layout order: the structure elements,
    /// the `StructTreeRoot` with its parent tree, each page's `StructParents`, and in the
    /// catalogue `MarkInfo`, `Lang` (`language`, e.g. `en`) and `StructTreeRoot`.
    pub(crate) fn write(&self, doc: &mut Document, language: &str) {
        let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
        let ids: Vec<ObjectId> = self.elements.iter().map(|_| doc.new_object_id()).collect();
        let root_id = doc.new_object_id();
        // parent_tree[page][mcid] = the element that holds it.
        let mut parent_tree: Vec<Vec<Option<ObjectId>>> = vec![Vec::new(); pages.len()];
        for (index, element) in self.elements.iter().enumerate() {
            // An element whose content is all on one page names the page once (`/Pg`) and its
            // sequences by MCID alone; others use a marked-content reference per sequence.
            let mut content_pages = element.kids.iter().filter_map(|k| match k {
                Kid::Content(page, _) => Some(*page),
                Kid::Element(_) => None,
            });
            let first_page = content_pages.next();
            let one_page = first_page
                .filter(|p| content_pages.all(|other| other == *p))
                .and_then(|p| pages.get(p).copied());
            let mut kids = Vec::with_capacity(element.kids.len());
            for kid in &element.kids {
                match *kid {
                    Kid::Element(child) => kids.push(Object::Reference(ids[child])),
                    Kid::Content(page, mcid) => {
                        let Some(page_id) = pages.get(page) else {
                            continue;
                        };
                        let slots = &mut parent_tree[page];
                        let at = mcid as usize;
                        if slots.len() <= at {
                            slots.resize(at + 1, None);
                        }
                        slots[at] = Some(ids[index]);
                        kids.push(if one_page.is_some() {
                            Object::Integer(i64::from(mcid))
                        } else {
                            Object::Dictionary(dictionary! {
                                "Type" => "MCR",
                                "Pg" => Object::Reference(*page_id),
                                "MCID" => i64::from(mcid),
                            })
                        });
                    }
                }
            }
            let parent = if index == 0 {
                root_id
            } else {
                ids[element.parent]
            };
            let mut dict = dictionary! {
                "Type" => "StructElem",
                "S" => element.role.name(),
                "P" => Object::Reference(parent),
                "K" => Object::Array(kids),
            };
            if let Some(page) = one_page {
                dict.set("Pg", Object::Reference(page));
            }
            match &element.role {
                Role::TH => {
                    dict.set("A", dictionary! { "O" => "Table", "Scope" => "Column" });
                }
                Role::Figure(alt) => {
                    dict.set("Alt", text_string(alt));
                }
                _ => {}
            }
            doc.objects.insert(ids[index], Object::Dictionary(dict));
        }
        let mut nums = Vec::new();
        for (page, slots) in parent_tree.iter().enumerate() {
            if slots.is_empty() {
                continue;
            }
            if let Ok(Object::Dictionary(dict)) = doc.get_object_mut(pages[page]) {
                dict.set("StructParents", page as i64);
            }
            nums.push(Object::Integer(page as i64));
            nums.push(Object::Array(
                slots
                    .iter()
                    .map(|s| s.map_or(Object::Null, Object::Reference))
                    .collect(),
            ));
        }
        doc.objects.insert(
            root_id,
            Object::Dictionary(dictionary! {
                "Type" => "StructTreeRoot",
                "K" => Object::Reference(ids[0]),
                "ParentTree" => dictionary! { "Nums" => nums },
                "ParentTreeNextKey" => pages.len() as i64,
            }),
        );
        if let Ok(catalog) = doc.catalog_mut() {
            catalog.set("StructTreeRoot", Object::Reference(root_id));
            catalog.set("MarkInfo", dictionary! { "Marked" => true });
            catalog.set("Lang", text_string(language));
        }
    }
}

/// A PDF text string: ASCII as a literal, anything else as UTF-16BE with a byte-order mark.
fn text_string(text: &str) -> Object {
    if text.is_ascii() {
        return Object::String(text.as_bytes().to_vec(), StringFormat::Literal);
    }
    let mut bytes = vec![0xfe, 0xff];
    for unit in text.encode_utf16() {
        bytes.extend(unit.to_be_bytes());
    }
    Object::String(bytes, StringFormat::Hexadecimal)
}

/// The properties of a tagged marked-content sequence: `<</MCID n>>`.
pub(crate) fn mcid_properties(mcid: u32) -> printpdf::DictItem {
    printpdf::DictItem::Dict {
        map: [("MCID".to_owned(), printpdf::DictItem::Int(i64::from(mcid)))].into(),
    }
}
