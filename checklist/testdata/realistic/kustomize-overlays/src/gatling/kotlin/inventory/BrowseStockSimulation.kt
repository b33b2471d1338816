package inventory

import io.gatling.javaapi.core.CoreDsl.*
import io.gatling.javaapi.core.Simulation
import io.gatling.javaapi.http.HttpDsl.*

class BrowseStockSimulation : Simulation() {
    private val protocol = http.baseUrl(System.getenv("BASE_URL") ?: "http://localhost:8080")

    private val browse = scenario("browse stock")
        .repeat(20).on(exec(http("stock").get("/v1/stock/SKU-#{randomInt(1,5000)}").check(status().`in`(200, 404))))

    init {
        setUp(browse.injectOpen(rampUsersPerSec(10.0).to(400.0).during(300)))
            .protocols(protocol)
            .assertions(global().responseTime().percentile(99.0).lt(500))
    }
}
