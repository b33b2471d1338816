package com.acme.inventory

import org.junit.jupiter.api.Test
import org.springframework.beans.factory.annotation.Autowired
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest
import org.springframework.boot.test.mock.mockito.MockBean
import org.springframework.test.web.servlet.MockMvc
import org.springframework.test.web.servlet.get

@WebMvcTest(StockController::class)
class StockControllerTest(@Autowired val mvc: MockMvc) {
    @MockBean
    lateinit var stock: StockRepository

    @Test
    fun `unknown sku is 404`() {
        mvc.get("/v1/stock/nope").andExpect { status { isNotFound() } }
    }
}
