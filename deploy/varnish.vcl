# Varnish in front of samhandling's app servers (docs/operations.md).
# The app says what may be kept (Cache-Control: public, s-maxage=…; private, no-store for a
# visitor with a session) and purges every changed URL exactly (PURGE, from the app servers,
# through wagtail.contrib.frontend_cache). BACKEND_HOST/BACKEND_PORT are filled in on install
# (or by tests/varnish.py); put a load balancer or several backends in a director for N apps.
vcl 4.1;

backend app {
    .host = "BACKEND_HOST";
    .port = "BACKEND_PORT";
}

# Only the app servers may purge; add their addresses.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (!client.ip ~ purgers) {
            return (synth(405, "Not allowed"));
        }
        return (purge);
    }
    if (req.url ~ "^/(admin|django-admin|dokumenter)/" || req.url ~ "^/healthz") {
        return (pass);
    }
    # A session, CSRF token or message: the page is this visitor's own.
    if (req.http.Cookie ~ "(^|;\s*)(sessionid|csrftoken|messages)=") {
        return (pass);
    }
    # No other cookie changes a page (and anonymous visitors get none from us).
    unset req.http.Cookie;
    return (hash);
}

sub vcl_backend_response {
    # Varnish's built-in rules already keep nothing private, no-store or with Set-Cookie.
    if (beresp.http.Set-Cookie) {
        set beresp.uncacheable = true;
        return (deliver);
    }
}

sub vcl_deliver {
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
}
