"""Web sources: fetch URLs safely, discover pages through sitemaps, feeds and the WordPress API, catch cloaking."""
