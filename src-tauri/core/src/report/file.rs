//! Writes the finished report document as the bytes of a PDF file: small objects packed into
//! object streams, every stream deflated in parallel, and a cross-reference stream.
//!
//! lopdf's own writer serialised each packed object three times and cloned the whole tree (a
//! fifth of a full report's render time); this one serialises each object once. The format
//! follows ISO 32000-1: §7.3 (objects), §7.5.7 (object streams), §7.5.8 (cross-reference
//! streams).

use std::io::Write as _;

use lopdf::{dictionary, Dictionary, Object, ObjectId, Stream, StringFormat};

/// How many objects one object stream holds. The structure tree of a long report is thousands
/// of small dictionaries; streams of this size compress them well and still give every core
/// a share of the deflating.
const OBJECTS_PER_STREAM: usize = 500;

/// The document as PDF 1.7 bytes, once `finish` has added what it still lacks (it must not
/// touch the document's streams: they are away being deflated meanwhile). Objects other than
/// streams go into object streams; streams that allow it (and images) are deflated at level 6
/// on all cores. The same document always gives the same bytes.
pub(super) fn write(
    mut pdf: lopdf::Document,
    finish: impl FnOnce(&mut lopdf::Document),
) -> Vec<u8> {
    // The pages, fonts and images are deflated on the other cores while this one runs
    // `finish` (the structure tree) and packs the small objects: on two cores that hides most
    // of the deflating (the benchmark report's render, best of 160: 73 → 62 ms).
    pdf.max_id = last_number(&pdf);
    let stream_ids: Vec<ObjectId> = pdf
        .objects
        .iter()
        .filter(|(_, object)| matches!(object, Object::Stream(_)))
        .map(|(id, _)| *id)
        .collect();
    let mut streams: Vec<(ObjectId, Stream)> = stream_ids
        .into_iter()
        .filter_map(|id| match pdf.objects.remove(&id) {
            Some(Object::Stream(stream)) => Some((id, stream)),
            _ => None,
        })
        .collect();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let per_worker = streams
        .len()
        .div_ceil(cores.saturating_sub(1).max(1))
        .max(1);
    let packed = std::thread::scope(|scope| {
        for chunk in streams.chunks_mut(per_worker) {
            scope.spawn(move || {
                let mut deflater = Deflater::new();
                for (_, stream) in chunk {
                    if compressible(stream) {
                        deflater.deflate(stream);
                    }
                }
            });
        }
        finish(&mut pdf);
        let packed = pack(&mut pdf);
        compress_streams(&mut pdf);
        packed
    });
    pdf.objects
        .extend(streams.into_iter().map(|(id, s)| (id, Object::Stream(s))));
    serialise(&pdf, &packed)
}

/// Where an object inside an object stream is: the stream's object number and its index there.
type Packed = Vec<(u32, (u32, u16))>;

/// Moves every object that may live in an object stream (ISO 32000-1 §7.5.7: not a stream,
/// generation 0) into new `/ObjStm` streams, numbered after the document's last object.
/// Returns each moved object's place; the streams are left raw for [`compress_streams`].
fn pack(pdf: &mut lopdf::Document) -> Packed {
    let movable: Vec<ObjectId> = pdf
        .objects
        .iter()
        .filter(|(id, object)| id.1 == 0 && !matches!(object, Object::Stream(_)))
        .map(|(id, _)| *id)
        .collect();
    let movable: Vec<(ObjectId, Object)> = movable
        .into_iter()
        .filter_map(|id| pdf.objects.remove(&id).map(|object| (id, object)))
        .collect();
    pdf.max_id = last_number(pdf).max(movable.last().map_or(0, |(id, _)| id.0));
    let mut packed = Vec::with_capacity(movable.len());
    for chunk in movable.chunks(OBJECTS_PER_STREAM) {
        pdf.max_id += 1;
        let container = pdf.max_id;
        // The stream starts with pairs of object number and offset, then the objects.
        let mut offsets = Vec::new();
        let mut body = Vec::new();
        for (index, (id, object)) in (0_u16..).zip(chunk) {
            let _ = write!(offsets, "{} {} ", id.0, body.len());
            put(&mut body, object);
            body.push(b'\n');
            packed.push((id.0, (container, index)));
        }
        let first = offsets.len();
        offsets.extend_from_slice(&body);
        let dict = dictionary! {
            "Type" => "ObjStm",
            "N" => chunk.len() as i64,
            "First" => first as i64,
        };
        pdf.objects
            .insert((container, 0), Object::Stream(Stream::new(dict, offsets)));
    }
    packed
}

/// The highest object number in use: lopdf's `max_id`, or a higher number an object has.
fn last_number(pdf: &lopdf::Document) -> u32 {
    let highest = pdf.objects.keys().next_back().map_or(0, |id| id.0);
    highest.max(pdf.max_id)
}

/// The file: header, each remaining object at a recorded offset, then a deflated
/// cross-reference stream (ISO 32000-1 §7.5.8) that also carries the trailer's entries.
fn serialise(pdf: &lopdf::Document, packed: &Packed) -> Vec<u8> {
    let size = last_number(pdf) as usize + 2;
    // Per object number: its offset in the file, or its object stream and index there.
    let mut entries: Vec<Option<Entry>> = vec![None; size];
    for (number, place) in packed {
        entries[*number as usize] = Some(Entry::Packed(place.0, place.1));
    }
    let capacity = pdf.objects.values().map(|o| match o {
        Object::Stream(s) => s.content.len() + 64,
        _ => 64,
    });
    let mut out = Vec::with_capacity(capacity.sum::<usize>() + 16 * size);
    // The comment's bytes above 127 tell transfer tools the file is binary (§7.5.2).
    out.extend_from_slice(b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n");
    for (&(number, generation), object) in &pdf.objects {
        entries[number as usize] = Some(Entry::At(out.len(), generation));
        let _ = writeln!(out, "{number} {generation} obj");
        put(&mut out, object);
        out.extend_from_slice(b"\nendobj\n");
    }

    let xref_number = size - 1;
    let xref_at = out.len();
    entries[xref_number] = Some(Entry::At(xref_at, 0));
    // Field widths: a type byte, then as many bytes as the largest offset or object number
    // needs, then two for a generation or an index within an object stream.
    let largest = entries
        .iter()
        .flatten()
        .map(|e| match e {
            Entry::At(offset, _) => *offset,
            Entry::Packed(container, _) => *container as usize,
        })
        .max()
        .unwrap_or(0);
    let width = (usize::BITS - largest.leading_zeros()).div_ceil(8).max(1) as usize;
    let mut table = Vec::with_capacity(size * (width + 3));
    for entry in &entries {
        let (kind, field, last) = match entry {
            // Object 0 heads the free list with the highest generation (§7.5.4); numbers
            // left unused are free too.
            None => (0_u8, 0, if table.is_empty() { 65_535 } else { 0 }),
            Some(Entry::At(offset, generation)) => (1, *offset, *generation),
            Some(Entry::Packed(container, index)) => (2, *container as usize, *index),
        };
        table.push(kind);
        table.extend_from_slice(&field.to_be_bytes()[size_of::<usize>() - width..]);
        table.extend_from_slice(&last.to_be_bytes());
    }
    let mut dict = pdf.trailer.clone();
    for key in [
        "Prev",
        "XRefStm",
        "Encrypt",
        "Index",
        "Filter",
        "DecodeParms",
    ] {
        dict.remove(key.as_bytes());
    }
    dict.set("Type", "XRef");
    dict.set("Size", size as i64);
    dict.set(
        "W",
        Object::Array(vec![1.into(), (width as i64).into(), 2.into()]),
    );
    let mut xref = Stream::new(dict, table);
    Deflater::new().deflate(&mut xref);
    let _ = writeln!(out, "{xref_number} 0 obj");
    put(&mut out, &Object::Stream(xref));
    let _ = write!(out, "\nendobj\nstartxref\n{xref_at}\n%%EOF\n");
    out
}

/// One cross-reference entry: at a byte offset with a generation, or inside an object stream.
#[derive(Clone, Copy)]
enum Entry {
    At(usize, u16),
    Packed(u32, u16),
}

/// Appends `object` in PDF syntax (§7.3). Delimiters are written only where the grammar needs
/// them: between two tokens that would otherwise run together.
fn put(out: &mut Vec<u8>, object: &Object) {
    match object {
        Object::Null => out.extend_from_slice(b"null"),
        Object::Boolean(true) => out.extend_from_slice(b"true"),
        Object::Boolean(false) => out.extend_from_slice(b"false"),
        Object::Integer(n) => {
            let _ = write!(out, "{n}");
        }
        // Rust prints floats without an exponent, as PDF requires; a value that is not
        // finite has no PDF form and is written as 0.
        Object::Real(r) if r.is_finite() => {
            let _ = write!(out, "{r}");
        }
        Object::Real(_) => out.push(b'0'),
        Object::Name(name) => put_name(out, name),
        Object::String(bytes, StringFormat::Literal) => put_literal(out, bytes),
        Object::String(bytes, StringFormat::Hexadecimal) => {
            out.push(b'<');
            for b in bytes {
                let _ = write!(out, "{b:02X}");
            }
            out.push(b'>');
        }
        Object::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 && needs_space(item) {
                    out.push(b' ');
                }
                put(out, item);
            }
            out.push(b']');
        }
        Object::Dictionary(dict) => put_dictionary(out, dict, None),
        Object::Stream(stream) => {
            // The length is the content's, whatever the dictionary said before deflating.
            put_dictionary(out, &stream.dict, Some(stream.content.len()));
            out.extend_from_slice(b"stream\n");
            out.extend_from_slice(&stream.content);
            out.extend_from_slice(b"\nendstream");
        }
        Object::Reference((number, generation)) => {
            let _ = write!(out, "{number} {generation} R");
        }
    }
}

/// True when `object` starts with a regular character and so must be separated from a token
/// before it.
fn needs_space(object: &Object) -> bool {
    matches!(
        object,
        Object::Null
            | Object::Boolean(_)
            | Object::Integer(_)
            | Object::Real(_)
            | Object::Reference(_)
    )
}

/// A dictionary; a stream's gets `/Length` from its content (`length`) in place of its own.
fn put_dictionary(out: &mut Vec<u8>, dict: &Dictionary, length: Option<usize>) {
    out.extend_from_slice(b"<<");
    for (key, value) in dict {
        if length.is_some() && key.as_slice() == b"Length" {
            continue;
        }
        put_name(out, key);
        if needs_space(value) {
            out.push(b' ');
        }
        put(out, value);
    }
    if let Some(length) = length {
        let _ = write!(out, "/Length {length}");
    }
    out.extend_from_slice(b">>");
}

/// A name with every byte outside `!`..`~`, and every delimiter, as `#xx` (§7.3.5).
fn put_name(out: &mut Vec<u8>, name: &[u8]) {
    out.push(b'/');
    for &b in name {
        if (b'!'..=b'~').contains(&b) && !b"()<>[]{}/%#".contains(&b) {
            out.push(b);
        } else {
            let _ = write!(out, "#{b:02X}");
        }
    }
}

/// A literal string with backslashes, both parentheses and carriage returns escaped (§7.3.4.2),
/// so no byte of it is read as anything but itself.
fn put_literal(out: &mut Vec<u8>, bytes: &[u8]) {
    out.push(b'(');
    for &b in bytes {
        match b {
            b'(' | b')' | b'\\' => out.extend_from_slice(&[b'\\', b]),
            b'\r' => out.extend_from_slice(b"\\r"),
            _ => out.push(b),
        }
    }
    out.push(b')');
}

/// Deflates every stream that allows it, in parallel on the available cores. lopdf's own
/// `compress` uses the slowest level and one thread, which made it most of the render time;
/// level 6 costs a few percent of size. The output does not depend on the thread count.
fn compress_streams(pdf: &mut lopdf::Document) {
    let mut streams: Vec<&mut Stream> = pdf
        .objects
        .values_mut()
        .filter_map(|object| match object {
            Object::Stream(s) if compressible(s) => Some(s),
            _ => None,
        })
        .collect();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let per_thread = streams.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        for chunk in streams.chunks_mut(per_thread) {
            scope.spawn(move || {
                // One compressor per thread, reset between streams: zlib's state is about
                // 270 KB that each new encoder allocated and zeroed again, a tenth of a CLI
                // export's page faults.
                let mut deflater = Deflater::new();
                for stream in chunk {
                    deflater.deflate(stream);
                }
            });
        }
    });
}

/// True for a stream not yet deflated that allows it, or an image's (printpdf writes a logo's
/// pixels raw).
fn compressible(stream: &Stream) -> bool {
    let image = matches!(stream.dict.get(b"Subtype"), Ok(Object::Name(n)) if n == b"Image");
    (stream.allows_compression || image) && stream.dict.get(b"Filter").is_err()
}

/// A zlib compressor at level 6 kept across streams, with an output buffer that grows to the
/// largest stream's size and is reused.
pub(super) struct Deflater {
    compress: flate2::Compress,
    out: Vec<u8>,
}

impl Deflater {
    pub(super) fn new() -> Self {
        Self {
            compress: flate2::Compress::new(flate2::Compression::new(6), true),
            out: Vec::new(),
        }
    }

    /// Deflates `stream` in place and sets its `/Filter`, unless deflating would not pay for
    /// the filter entry, or zlib fails, in both cases leaving the stream raw.
    pub(super) fn deflate(&mut self, stream: &mut Stream) {
        self.compress.reset();
        self.out.clear();
        // Deflate's worst case is the input plus a few bytes per block of stored data, plus
        // the zlib header and checksum (zlib's `deflateBound`): with this much room one call
        // finishes. Should it not, the stream stays raw.
        let room = stream.content.len() + stream.content.len() / 1000 + 64;
        self.out.reserve(room);
        let done = self.compress.compress_vec(
            &stream.content,
            &mut self.out,
            flate2::FlushCompress::Finish,
        );
        if !matches!(done, Ok(flate2::Status::StreamEnd)) {
            return;
        }
        // As lopdf does: keep the raw stream when deflating would not pay for the filter entry.
        if self.out.len() + 19 < stream.content.len() {
            stream.dict.set("Filter", "FlateDecode");
            stream.set_content(self.out.clone());
        }
    }
}
