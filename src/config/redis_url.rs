//! REDIS_URL's two forms: one node (`redis://host:port`), or several, comma-separated, for
//! a Redis Cluster (`redis://h1:7001,redis://h2:7002`, or `redis://:pw@h1:7001,h2:7002`:
//! a node written without a scheme takes the first one's scheme and credentials).

use anyhow::bail;

/// The nodes REDIS_URL names, each a whole URL; more than one means cluster mode.
pub(crate) fn nodes(url: &str) -> anyhow::Result<Vec<String>> {
    let mut items = url.split(',').map(str::trim);
    let first = items.next().unwrap_or_default();
    let Some((scheme, rest)) = first.split_once("://") else {
        bail!("REDIS_URL must start with redis:// or rediss://");
    };
    if scheme != "redis" && scheme != "rediss" {
        bail!("REDIS_URL must start with redis:// or rediss://, not {scheme}://");
    }
    // `user:password@` (or `:password@`), carried over to nodes written as host:port.
    let credentials = rest.rsplit_once('@').map_or(String::new(), |(auth, _)| format!("{auth}@"));
    let mut nodes = vec![first.to_owned()];
    for item in items {
        if item.is_empty() {
            bail!("REDIS_URL has an empty node between commas");
        }
        match item.split_once("://") {
            Some((other, _)) if other != scheme => {
                bail!("REDIS_URL mixes {scheme}:// and {other}://: every node of a cluster is TLS or none is");
            }
            Some(_) => nodes.push(item.to_owned()),
            None if item.contains('@') => bail!("REDIS_URL: write credentials once, on the first node"),
            None => nodes.push(format!("{scheme}://{credentials}{item}")),
        }
    }
    Ok(nodes)
}

#[cfg(test)]
mod tests {
    use super::nodes;

    #[test]
    fn one_url_is_one_node() {
        assert_eq!(nodes("redis://:pw@redis:6379").unwrap(), ["redis://:pw@redis:6379"]);
    }

    #[test]
    fn several_nodes_take_the_first_ones_scheme_and_credentials() {
        assert_eq!(
            nodes("rediss://kassa:pw@h1:7001, h2:7002,rediss://kassa:pw@h3:7003").unwrap(),
            ["rediss://kassa:pw@h1:7001", "rediss://kassa:pw@h2:7002", "rediss://kassa:pw@h3:7003"]
        );
        assert_eq!(nodes("redis://h1:7001,h2:7002").unwrap(), ["redis://h1:7001", "redis://h2:7002"]);
    }

    #[test]
    fn mixed_schemes_empty_nodes_and_other_schemes_are_refused() {
        assert!(nodes("redis://h1:7001,rediss://h2:7002").is_err());
        assert!(nodes("redis://h1:7001,,h2:7002").is_err());
        assert!(nodes("http://h1:7001").is_err());
        assert!(nodes("h1:7001").is_err());
        assert!(nodes("redis://h1:7001,u:p@h2:7002").is_err());
    }
}
