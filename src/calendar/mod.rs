//! The Japanese business calendar: national holidays computed from the law, calendars and hours
//! from specs, and business-time arithmetic.

pub mod holidays;
