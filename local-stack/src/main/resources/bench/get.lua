-- wrk: GET with the bearer token in TOKEN (from the environment).
wrk.method = "GET"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
