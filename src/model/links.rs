//! Which link addresses a plan may hold: a web address (`https://` or
//! `http://`, in any case, with a host) or an e-mail address (`mailto:`
//! with an address). One check for links in text and in link fields.

/// What is wrong with a link address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkProblem {
    /// Not `https://`, `http://` or `mailto:`.
    Scheme,
    /// `https://` or `http://` without a host (`https://`, `https:///a`).
    NoHost,
    /// `mailto:` without an address (`mailto:`, `mailto:?subject=x`).
    NoAddress,
}

/// The problem with `url`, if any. Schemes are compared without regard to
/// case, as browsers do (`HTTPS://` is `https://`).
pub fn problem(url: &str) -> Option<LinkProblem> {
    let Some(scheme_end) = url.find(':') else {
        return Some(LinkProblem::Scheme);
    };
    let (scheme, rest) = (&url[..scheme_end], &url[scheme_end + 1..]);
    if scheme.eq_ignore_ascii_case("https") || scheme.eq_ignore_ascii_case("http") {
        let Some(after) = rest.strip_prefix("//") else {
            return Some(LinkProblem::Scheme);
        };
        let authority = after.split(['/', '?', '#']).next().unwrap_or("");
        let host_port = authority.rsplit('@').next().unwrap_or("");
        let host = match host_port.strip_prefix('[') {
            Some(v6) => v6.split(']').next().unwrap_or(""),
            None => host_port.split(':').next().unwrap_or(""),
        };
        if host.is_empty() || host.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Some(LinkProblem::NoHost);
        }
        return None;
    }
    if scheme.eq_ignore_ascii_case("mailto") {
        let address = rest.split(['?', ',']).next().unwrap_or("");
        return match address.split_once('@') {
            Some((local, domain)) if !local.trim().is_empty() && !domain.trim().is_empty() => None,
            _ => Some(LinkProblem::NoAddress),
        };
    }
    Some(LinkProblem::Scheme)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes_are_case_insensitive_and_links_need_a_host_or_address() {
        for ok in [
            "https://example.org",
            "HTTPS://example.org/a%20b.pdf",
            "Http://example.org:8080/x?y#z",
            "https://user@example.org",
            "https://[::1]/x",
            "mailto:info@example.nl",
            "MAILTO:info@example.nl?subject=plan",
        ] {
            assert_eq!(problem(ok), None, "{ok}");
        }
        for (bad, problem) in [
            ("https://", LinkProblem::NoHost),
            ("http:///pad", LinkProblem::NoHost),
            ("https://:8080/x", LinkProblem::NoHost),
            ("https://?q", LinkProblem::NoHost),
            ("mailto:", LinkProblem::NoAddress),
            ("mailto:?subject=x", LinkProblem::NoAddress),
            ("mailto:iemand", LinkProblem::NoAddress),
            ("javascript:alert(1)", LinkProblem::Scheme),
            ("https:example.org", LinkProblem::Scheme),
            ("example.org/noord.pdf", LinkProblem::Scheme),
            ("", LinkProblem::Scheme),
        ] {
            assert_eq!(super::problem(bad), Some(problem), "{bad}");
        }
    }
}
