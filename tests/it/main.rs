//! The integration tests: one binary, one module per area. Fixture folders
//! live in `tests/fixtures/` (`valid/<plan>`, `invalid/<case>`).

mod support;

mod builds;
mod cases;
mod change_pairs;
mod changes;
mod check;
mod external;
mod files;
mod fonts;
mod fuzz;
mod html;
mod import;
mod pdf;
mod period;
mod platform;
mod round;
mod sheet;
mod since;
mod watch;
