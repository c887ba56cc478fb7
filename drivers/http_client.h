// core's HttpClient (core/spark_submit_http.h) over the engine client's libcurl transport, for
// plain HTTP to services the engine runs (the Spark master's REST endpoint).
#pragma once

#include <memory>

#include "core/spark_submit_http.h"

namespace dc::docker {

std::unique_ptr<HttpClient> make_http_client();

}  // namespace dc::docker
