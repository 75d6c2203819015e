"""Push built dashboards to Grafana over its HTTP API.

One module per stage:

- credentials: read the token or basic-auth user from the environment.
- client: one requests.Session with timeouts, retries and TLS options.
- api: the Grafana endpoints that push uses, with their error cases.
- artifacts: read build/grafana/ and check that it matches the definitions.
- marker: the `macManaged` key that mac writes into each dashboard.
- plan: decide per dashboard to create, update, skip, delete or report a conflict.
- changes: describe what an update changes in panels and queries.
- datasources: find data source uids that Grafana does not have.
- folders, push: run the plan, folders first, then dashboards on a thread pool.
- result, report: the outcome of each dashboard, rendered as text or JSON.
"""
