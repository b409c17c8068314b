"""The back office in the browser: server-rendered pages under /console on the same use cases and the same
authorisation table as the API (gateway.authorization), signed in through a session cookie."""
