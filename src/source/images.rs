//! Images referenced by the sources: found inside `sources/`, decoded to
//! prove they are sound, refused when corrupt, of another kind or absurdly
//! large, and downscaled to what print needs before any renderer embeds them.

use std::io::Cursor;
use std::path::{Component, Path};

use image::{ImageFormat, ImageReader, Limits};

use crate::error::Error;
use crate::format::file_size;
use crate::input::ReadError;

/// Largest image file accepted, in bytes.
pub const MAX_IMAGE_BYTES: u64 = 20 * 1024 * 1024;
/// Largest width or height accepted, in pixels.
pub const MAX_IMAGE_SIDE: u32 = 12_000;
/// Widest image embedded: an A4 text column at 300 dpi.
pub const PRINT_WIDTH: u32 = 2_000;

/// A checked image, ready to embed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageFile {
    /// Path relative to the sources folder, with `/`.
    pub rel: String,
    /// Pixel size of the embedded data.
    pub width: u32,
    pub height: u32,
    /// `png` or `jpeg`: the kind of `data`.
    pub kind: &'static str,
    /// The bytes to embed (downscaled when the original was larger than print needs).
    pub data: Vec<u8>,
}

/// Loads and checks `rel` under `root`.
pub fn load(root: &Path, rel: &str) -> Result<ImageFile, Error> {
    let path = Path::new(rel);
    let escapes = path.is_absolute()
        || path
            .components()
            .any(|c| !matches!(c, Component::Normal(_)));
    if rel.is_empty() || escapes {
        return Err(problem(
            format!("`{rel}` is geen pad binnen de bronnenmap"),
            "schrijf een pad vanaf de bronnenmap, zoals \"afbeeldingen/kaart.png\"".into(),
        ));
    }
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let expected = match ext.as_str() {
        "png" => ImageFormat::Png,
        "jpg" | "jpeg" => ImageFormat::Jpeg,
        _ => {
            return Err(problem(
                format!("afbeelding `{rel}` heeft een onbekend soort (.{ext})"),
                "gebruik een PNG- of JPEG-bestand".into(),
            ));
        }
    };
    let root = root
        .canonicalize()
        .map_err(|_| problem(format!("afbeelding `{rel}` bestaat niet"), hint_place()))?;
    let real = root
        .join(path)
        .canonicalize()
        .map_err(|_| problem(format!("afbeelding `{rel}` bestaat niet"), hint_place()))?;
    if !real.starts_with(&root) {
        return Err(problem(
            format!("afbeelding `{rel}` verwijst naar een bestand buiten de bronnenmap"),
            "kopieer de afbeelding in de bronnenmap in plaats van een snelkoppeling (symlink) te gebruiken".into(),
        ));
    }
    let bytes = crate::input::read_limited(&real, MAX_IMAGE_BYTES).map_err(|e| match e {
        ReadError::TooLarge(size) => problem(
            format!(
                "afbeelding `{rel}` is te groot ({}; hoogstens {})",
                file_size(size),
                file_size(MAX_IMAGE_BYTES)
            ),
            "verklein de afbeelding; voor druk is 2000 pixels breed genoeg".into(),
        ),
        ReadError::NotRegular(kind) => problem(
            format!("afbeelding `{rel}` is geen gewoon bestand maar {kind}"),
            "sla de afbeelding als PNG- of JPEG-bestand op in de bronnenmap".into(),
        ),
        e => problem(
            format!(
                "kan afbeelding `{rel}` niet lezen: {}",
                e.reason(MAX_IMAGE_BYTES)
            ),
            hint_place(),
        ),
    })?;
    decode(rel, bytes, expected)
}

/// An image that cannot be used: what is wrong and what to do.
fn problem(message: String, hint: String) -> Error {
    Error::input(message).with_hint(hint)
}

fn hint_place() -> String {
    "zet de afbeelding in de bronnenmap (bijvoorbeeld in afbeeldingen/) en controleer de schrijfwijze".into()
}

/// Decodes fully (a corrupt file is refused), then downscales when needed.
pub fn decode(rel: &str, bytes: Vec<u8>, expected: ImageFormat) -> Result<ImageFile, Error> {
    let corrupt = |e: String| {
        problem(
            format!(
                "afbeelding `{rel}` is beschadigd of geen {}: {e}",
                kind_name(expected)
            ),
            "sla de afbeelding opnieuw op als PNG of JPEG".to_string(),
        )
    };
    let open = || {
        ImageReader::new(Cursor::new(&bytes))
            .with_guessed_format()
            .map_err(|e| corrupt(e.to_string()))
    };
    if open()?.format() != Some(expected) {
        return Err(corrupt("de inhoud past niet bij de extensie".into()));
    }
    let (w, h) = open()?
        .into_dimensions()
        .map_err(|e| corrupt(e.to_string()))?;
    let mut reader = open()?;
    if w > MAX_IMAGE_SIDE || h > MAX_IMAGE_SIDE || w == 0 || h == 0 {
        return Err(problem(
            format!("afbeelding `{rel}` is {w} × {h} pixels; hoogstens {MAX_IMAGE_SIDE} per zijde"),
            "verklein de afbeelding; voor druk is 2000 pixels breed genoeg".into(),
        ));
    }
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_IMAGE_SIDE);
    limits.max_image_height = Some(MAX_IMAGE_SIDE);
    limits.max_alloc = Some(1024 * 1024 * 1024);
    reader.limits(limits);
    let decoded = reader.decode().map_err(|e| corrupt(e.to_string()))?;
    let kind = match expected {
        ImageFormat::Jpeg => "jpeg",
        _ => "png",
    };
    if w <= PRINT_WIDTH {
        return Ok(ImageFile {
            rel: rel.to_string(),
            width: w,
            height: h,
            kind,
            data: bytes,
        });
    }
    let nh = ((u64::from(h) * u64::from(PRINT_WIDTH)) / u64::from(w)).max(1) as u32;
    let small = decoded.resize_exact(PRINT_WIDTH, nh, image::imageops::FilterType::Triangle);
    let mut out = Cursor::new(Vec::new());
    let format = if kind == "jpeg" {
        ImageFormat::Jpeg
    } else {
        ImageFormat::Png
    };
    let small = if kind == "jpeg" {
        image::DynamicImage::ImageRgb8(small.to_rgb8())
    } else {
        small
    };
    small
        .write_to(&mut out, format)
        .map_err(|e| corrupt(e.to_string()))?;
    Ok(ImageFile {
        rel: rel.to_string(),
        width: PRINT_WIDTH,
        height: nh,
        kind,
        data: out.into_inner(),
    })
}

fn kind_name(f: ImageFormat) -> &'static str {
    match f {
        ImageFormat::Jpeg => "JPEG",
        _ => "PNG",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(w: u32, h: u32) -> Vec<u8> {
        let img = image::RgbImage::from_pixel(w, h, image::Rgb([20, 66, 115]));
        let mut out = Cursor::new(Vec::new());
        img.write_to(&mut out, ImageFormat::Png).unwrap();
        out.into_inner()
    }

    #[test]
    fn small_images_pass_unchanged_large_ones_are_downscaled() {
        let small = png(40, 20);
        let f = decode("a.png", small.clone(), ImageFormat::Png).unwrap();
        assert_eq!((f.width, f.height, f.data), (40, 20, small));
        let f = decode("b.png", png(4000, 1000), ImageFormat::Png).unwrap();
        assert_eq!((f.width, f.height), (PRINT_WIDTH, 500));
        let again = decode("b.png", png(4000, 1000), ImageFormat::Png).unwrap();
        assert_eq!(f.data, again.data, "downscaling is deterministic");
    }

    #[test]
    fn corrupt_or_mislabelled_images_are_refused() {
        let mut truncated = png(40, 20);
        truncated.truncate(truncated.len() / 2);
        assert!(
            decode("a.png", truncated, ImageFormat::Png)
                .unwrap_err()
                .message()
                .contains("beschadigd")
        );
        assert!(
            decode("a.jpg", png(4, 4), ImageFormat::Jpeg)
                .unwrap_err()
                .message()
                .contains("past niet")
        );
        assert!(decode("a.png", b"not an image".to_vec(), ImageFormat::Png).is_err());
    }

    #[test]
    fn paths_must_stay_inside_the_sources() {
        let dir = std::env::temp_dir();
        assert!(
            load(&dir, "../x.png")
                .unwrap_err()
                .message()
                .contains("geen pad binnen")
        );
        assert!(
            load(&dir, "/etc/x.png")
                .unwrap_err()
                .message()
                .contains("geen pad binnen")
        );
        assert!(
            load(&dir, "x.gif")
                .unwrap_err()
                .message()
                .contains("onbekend soort")
        );
    }
}
