//! What the console shows of the platform: the names of source files in
//! its own form. Sources are named with `/` inside the program (in keys,
//! fingerprints and documents, so every platform writes the same bytes);
//! on Windows a message shows `sources\districten\zuid.toml:3:7`, which
//! `cmd` (`type`, `notepad`), PowerShell and editors take as it is.
//!
//! Text reaches a Windows console correctly without anything done here:
//! Rust's standard library writes to a console with `WriteConsoleW` (as
//! UTF-16), so `€` and `ë` show whatever the console's code page; written
//! to a file or a pipe, the output is UTF-8.
//!
//! Standard output goes through [`say!`](crate::say) and [`write_out`]: a
//! reader that went away (`uitvoeringsplan status | head -1`) is no error
//! and no panic (as `println!` would make it); the command goes on and
//! finishes its work, only its further lines are not shown.
//!
//! Ctrl-C on Windows is a console event, not a signal: [`catch_ctrl_c`]
//! hands it to the same flag the commands check on Unix.

use std::borrow::Cow;
use std::io::Write;

/// A line on standard output, as `println!` writes it.
#[macro_export]
macro_rules! say {
    () => {
        $crate::console::write_out(format_args!("\n"))
    };
    ($($arg:tt)*) => {
        $crate::console::write_out(format_args!("{}\n", format_args!($($arg)*)))
    };
}

/// Writes to standard output. A closed pipe (the reader stopped reading)
/// is let go silently; another failure is said once on standard error,
/// since the command's work is not undone by its report going missing.
pub fn write_out(args: std::fmt::Arguments) {
    use std::sync::atomic::{AtomicBool, Ordering};
    static SAID: AtomicBool = AtomicBool::new(false);
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_fmt(args).and_then(|()| out.flush())
        && e.kind() != std::io::ErrorKind::BrokenPipe
        && !SAID.swap(true, Ordering::Relaxed)
    {
        eprintln!("waarschuwing: kon niet naar de standaarduitvoer schrijven: {e}");
    }
}

/// A source file's name (`sources/plan.toml`) as the console shows it.
pub fn path(shown: &str) -> Cow<'_, str> {
    if cfg!(windows) && shown.contains('/') {
        Cow::Owned(shown.replace('/', "\\"))
    } else {
        Cow::Borrowed(shown)
    }
}

/// Turns Ctrl-C and Ctrl-Break in the console into `flag`, which the
/// commands check between steps; a second one ends the process at once
/// with `exit_code`. (Closing the window still ends the process: Windows
/// allows no more; outputs are replaced by a rename, so none is half.)
#[cfg(windows)]
pub fn catch_ctrl_c(
    flag: &'static std::sync::atomic::AtomicBool,
    exit_code: i32,
) -> std::io::Result<()> {
    use std::sync::OnceLock;
    use std::sync::atomic::Ordering;

    static TARGET: OnceLock<(&'static std::sync::atomic::AtomicBool, i32)> = OnceLock::new();
    const CTRL_C_EVENT: u32 = 0;
    const CTRL_BREAK_EVENT: u32 = 1;

    #[link(name = "kernel32")]
    unsafe extern "system" {
        fn SetConsoleCtrlHandler(
            handler: Option<unsafe extern "system" fn(u32) -> i32>,
            add: i32,
        ) -> i32;
    }

    /// Runs on a thread of its own that Windows starts for the event.
    unsafe extern "system" fn on_event(event: u32) -> i32 {
        let Some(&(flag, exit_code)) = TARGET.get() else {
            return 0;
        };
        if event != CTRL_C_EVENT && event != CTRL_BREAK_EVENT {
            return 0;
        }
        if flag.swap(true, Ordering::SeqCst) {
            std::process::exit(exit_code);
        }
        1
    }

    TARGET.get_or_init(|| (flag, exit_code));
    // SAFETY: registers a handler with the signature Windows calls.
    if unsafe { SetConsoleCtrlHandler(Some(on_event), 1) } == 0 {
        return Err(std::io::Error::last_os_error());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn source_names_take_the_platform_form() {
        let shown = super::path("sources/districten/zuid.toml");
        if cfg!(windows) {
            assert_eq!(shown, "sources\\districten\\zuid.toml");
        } else {
            assert_eq!(shown, "sources/districten/zuid.toml");
        }
    }
}
