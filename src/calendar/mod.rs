//! The Japanese business calendar: national holidays computed from the law, calendars and hours
//! from specs, and business-time arithmetic.
//!
//! - [`holidays`]: the national holidays of 1948–2099, from the law.
//! - [`days`]: a spec's business calendar — which dates are open, and why the others are not.
//! - [`business`]: service hours on that calendar in the spec's time zone, and the arithmetic of
//!   deadlines, with the convention every command follows.
//! - [`ics`]: writing iCalendar (RFC 5545) text.

pub mod business;
pub mod days;
pub mod holidays;
pub mod ics;

pub use business::{ServiceHours, add_clock, parse_instant, recovery_action_start};
pub use days::{BusinessCalendar, CalendarError, DayStatus, Reason};
