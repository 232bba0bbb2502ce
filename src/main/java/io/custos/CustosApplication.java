package io.custos;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.modulith.Modulithic;

@Modulithic(sharedModules = "shared")
@SpringBootApplication
public class CustosApplication {

    public static void main(String[] args) {
        SpringApplication.run(CustosApplication.class, args);
    }
}
