//! Series from a Prometheus server: range queries over its HTTP API (`/api/v1/query_range`).
//!
//! This is the only place `slagen report --prometheus` talks to the network. A range longer
//! than Prometheus answers in one query (11,000 points a series) is asked in pieces of
//! [`POINTS_PER_QUERY`] steps, and the pieces are joined. Every request has a connect timeout
//! and an overall timeout ([`Server::new`]); an unreachable server, an HTTP error, an error
//! answer from Prometheus (a bad query) and an answer that is not a matrix are all
//! [`FetchError`]s that say which query and what went wrong. What the samples mean is decided
//! by the report stage (`report::measured`), not here.
//!
//! `ureq` is used because it is a small, maintained, blocking client: a report makes a handful of
//! sequential requests, so an async runtime would only add weight.

use serde::Deserialize;
use std::fmt;
use std::time::Duration;

/// The most steps one `query_range` asks for (Prometheus refuses more than 11,000 a series).
pub const POINTS_PER_QUERY: i64 = 10_000;

/// How long a connection may take to open.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// How long one request may take in all, by default (a month of 15-second steps is 18
/// requests).
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);

/// The largest answer read (one piece of at most [`POINTS_PER_QUERY`] points a series).
const MAX_ANSWER_BYTES: u64 = 256 * 1024 * 1024;

/// One series of a range query: its labels (as Prometheus prints them) and its samples.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// `{job="calltree", instance="…"}`, for messages.
    pub labels: String,
    /// (Unix seconds, value), in time order; steps without a sample are absent.
    pub samples: Vec<(i64, f64)>,
}

/// Why a query failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchError {
    /// The server's base URL.
    pub url: String,
    /// The query.
    pub query: String,
    /// What went wrong.
    pub reason: String,
}

impl fmt::Display for FetchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Prometheus at {} could not answer the query `{}`: {}",
            self.url, self.query, self.reason
        )
    }
}

impl std::error::Error for FetchError {}

/// A Prometheus server.
pub struct Server {
    base: String,
    agent: ureq::Agent,
    timeout: Duration,
}

impl Server {
    /// The server at `url` (`http://127.0.0.1:9090`, or with a path prefix
    /// `https://example.com/prometheus`), with [`CONNECT_TIMEOUT`] and `timeout` a request.
    pub fn new(url: &str, timeout: Duration) -> Server {
        let agent = ureq::Agent::config_builder()
            .timeout_connect(Some(CONNECT_TIMEOUT))
            .timeout_global(Some(timeout))
            .http_status_as_error(false)
            .user_agent(concat!("slagen/", env!("CARGO_PKG_VERSION")))
            .build()
            .new_agent();
        Server {
            base: url.trim_end_matches('/').to_string(),
            agent,
            timeout,
        }
    }

    /// The URL as given, without a trailing slash.
    pub fn url(&self) -> &str {
        &self.base
    }

    /// Evaluates `query` at every `step` seconds from `start` to `end` (Unix seconds, both
    /// included, as Prometheus does), in pieces, and returns each series with its samples.
    pub fn query_range(
        &self,
        query: &str,
        start: i64,
        end: i64,
        step: i64,
    ) -> Result<Vec<Series>, FetchError> {
        let fail = |reason: String| FetchError {
            url: self.base.clone(),
            query: query.to_string(),
            reason,
        };
        if !(self.base.starts_with("http://") || self.base.starts_with("https://")) {
            return Err(fail(
                "the URL must start with http:// or https://".to_string(),
            ));
        }
        let step = step.max(1);
        let mut series: Vec<Series> = Vec::new();
        let mut from = start;
        while from <= end {
            let to = (from + (POINTS_PER_QUERY - 1) * step).min(end);
            for s in self.piece(query, from, to, step).map_err(fail)? {
                match series.iter_mut().find(|x| x.labels == s.labels) {
                    Some(x) => x.samples.extend(s.samples),
                    None => series.push(s),
                }
            }
            from = to + step;
        }
        Ok(series)
    }

    fn piece(&self, query: &str, start: i64, end: i64, step: i64) -> Result<Vec<Series>, String> {
        let url = format!("{}/api/v1/query_range", self.base);
        let (start, end, step) = (start.to_string(), end.to_string(), step.to_string());
        let mut response = self
            .agent
            .post(&url)
            .send_form([
                ("query", query),
                ("start", start.as_str()),
                ("end", end.as_str()),
                ("step", step.as_str()),
            ])
            .map_err(|e| match e {
                ureq::Error::Timeout(_) => format!(
                    "no answer within the timeout ({} s to connect, {} s a request)",
                    CONNECT_TIMEOUT.as_secs(),
                    self.timeout.as_secs()
                ),
                ureq::Error::ConnectionFailed | ureq::Error::Io(_) | ureq::Error::HostNotFound => {
                    format!("the server cannot be reached ({e})")
                }
                e => e.to_string(),
            })?;
        let status = response.status();
        let body = response
            .body_mut()
            .with_config()
            .limit(MAX_ANSWER_BYTES)
            .read_to_string()
            .map_err(|e| format!("the answer cannot be read ({e})"))?;
        let answer: Answer = serde_json::from_str(&body).map_err(|_| {
            let start: String = body.chars().take(200).collect();
            format!("HTTP {status}, and the answer is not the API's JSON: {start}")
        })?;
        if answer.status != "success" {
            return Err(format!(
                "{} ({})",
                answer.error.unwrap_or_else(|| format!("HTTP {status}")),
                answer.error_type.unwrap_or_else(|| "error".into())
            ));
        }
        let Some(data) = answer.data else {
            return Err("the answer has no data".into());
        };
        if data.result_type != "matrix" {
            return Err(format!(
                "the answer is a {}, not a range of samples",
                data.result_type
            ));
        }
        data.result
            .into_iter()
            .map(|r| {
                let labels = format!(
                    "{{{}}}",
                    r.metric
                        .iter()
                        .map(|(k, v)| format!("{k}={v:?}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                );
                let samples = r
                    .values
                    .into_iter()
                    .map(|(t, v)| {
                        let value = match v.as_str() {
                            "NaN" => f64::NAN,
                            "+Inf" => f64::INFINITY,
                            "-Inf" => f64::NEG_INFINITY,
                            s => s
                                .parse()
                                .map_err(|_| format!("the sample value `{s}` is not a number"))?,
                        };
                        Ok((t.floor() as i64, value))
                    })
                    .collect::<Result<Vec<_>, String>>()?;
                Ok(Series { labels, samples })
            })
            .collect()
    }
}

/// The API's envelope.
#[derive(Deserialize)]
struct Answer {
    status: String,
    data: Option<Data>,
    #[serde(rename = "errorType")]
    error_type: Option<String>,
    error: Option<String>,
}

#[derive(Deserialize)]
struct Data {
    #[serde(rename = "resultType")]
    result_type: String,
    #[serde(default)]
    result: Vec<MatrixSeries>,
}

#[derive(Deserialize)]
struct MatrixSeries {
    #[serde(default)]
    metric: std::collections::BTreeMap<String, String>,
    #[serde(default)]
    values: Vec<(f64, String)>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_closed_port_is_a_clear_error() {
        // Bind a port, then free it: nothing listens there.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .expect("a free port");
        let server = Server::new(&format!("http://127.0.0.1:{port}/"), REQUEST_TIMEOUT);
        let err = server.query_range("up", 0, 60, 60).unwrap_err();
        assert_eq!(err.url, format!("http://127.0.0.1:{port}"));
        assert!(err.reason.contains("cannot be reached"), "{err}");
    }

    #[test]
    fn only_http_urls() {
        let err = Server::new("127.0.0.1:9090", REQUEST_TIMEOUT)
            .query_range("up", 0, 60, 60)
            .unwrap_err();
        assert!(err.reason.contains("http://"), "{err}");
    }
}
